package org.teslaexporter.auth;

/** The token file cannot be read or written; the message names the file and the fix, never its content. */
public class TokenFileException extends RuntimeException {

    public TokenFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

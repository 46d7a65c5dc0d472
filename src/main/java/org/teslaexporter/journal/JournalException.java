package org.teslaexporter.journal;

/** The journal's database cannot be opened or written: what happened, without the password. */
public class JournalException extends Exception {

    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}

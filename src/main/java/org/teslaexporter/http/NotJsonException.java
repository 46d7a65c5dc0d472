package org.teslaexporter.http;

import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/** A successful answer whose content type is not JSON (an HTML page from a proxy, say). */
public class NotJsonException extends IOException {

    public NotJsonException(MediaType type) {
        super("answer is " + OneLine.of(type.toString(), 80) + ", not JSON");
    }
}

package org.teslaexporter.http;

import java.io.IOException;
import java.time.Duration;

/** A call that had no complete answer within its total deadline ({@code HTTP_TOTAL_TIMEOUT_SECONDS}). */
public class DeadlineExceededException extends IOException {

    public DeadlineExceededException(Duration deadline) {
        super("no complete answer within " + deadline.toSeconds() + " s (HTTP_TOTAL_TIMEOUT_SECONDS)");
    }
}

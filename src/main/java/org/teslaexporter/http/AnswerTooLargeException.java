package org.teslaexporter.http;

import java.io.IOException;

/** An answer body longer than {@link HttpLimits#maxAnswerBytes()}: reading stopped there. */
public class AnswerTooLargeException extends IOException {

    public AnswerTooLargeException(long limit) {
        super("answer larger than " + limit + " bytes: not read further");
    }
}

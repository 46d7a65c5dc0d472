package org.teslaexporter.http;

import java.time.Duration;

/**
 * Bounds of every outbound call.
 *
 * @param connect        to open the connection ({@code HTTP_CONNECT_TIMEOUT_SECONDS})
 * @param read           the longest wait for the next bytes ({@code HTTP_READ_TIMEOUT_SECONDS})
 * @param total          from sending the request to the last byte of the answer ({@code HTTP_TOTAL_TIMEOUT_SECONDS})
 * @param maxAnswerBytes longest answer body read; Tesla's largest real answers are tens of kilobytes
 */
public record HttpLimits(Duration connect, Duration read, Duration total, long maxAnswerBytes) {

    /** A few megabytes: two orders of magnitude above any real {@code vehicle_data}, far below the heap. */
    public static final long DEFAULT_MAX_ANSWER_BYTES = 4L * 1024 * 1024;
}

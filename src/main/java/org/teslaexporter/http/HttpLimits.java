package org.teslaexporter.http;

import java.time.Duration;

/**
 * Bounds of every outbound call; built by name ({@link #builder()}).
 *
 * @param connect        to open the connection ({@code HTTP_CONNECT_TIMEOUT_SECONDS})
 * @param read           the longest wait for the next bytes ({@code HTTP_READ_TIMEOUT_SECONDS})
 * @param total          from sending the request to the last byte of the answer ({@code HTTP_TOTAL_TIMEOUT_SECONDS})
 * @param maxAnswerBytes longest answer body read; Tesla's largest real answers are tens of kilobytes
 */
public record HttpLimits(Duration connect, Duration read, Duration total, long maxAnswerBytes) {

    /** A few megabytes: two orders of magnitude above any real {@code vehicle_data}, far below the heap. */
    public static final long DEFAULT_MAX_ANSWER_BYTES = 4L * 1024 * 1024;

    public static Builder builder() {
        return new Builder();
    }

    /** Every bound by its name; the answer cap defaults to {@link #DEFAULT_MAX_ANSWER_BYTES}. */
    public static final class Builder {
        private Duration connect;
        private Duration read;
        private Duration total;
        private long maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;

        private Builder() {
        }

        public Builder connect(Duration d) {
            connect = d;
            return this;
        }

        public Builder read(Duration d) {
            read = d;
            return this;
        }

        public Builder total(Duration d) {
            total = d;
            return this;
        }

        public Builder maxAnswerBytes(long n) {
            maxAnswerBytes = n;
            return this;
        }

        public HttpLimits build() {
            if (connect == null || read == null || total == null) {
                throw new IllegalStateException("connect, read and total must all be set");
            }
            return new HttpLimits(connect, read, total, maxAnswerBytes);
        }
    }
}

package org.teslaexporter.http;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Every answer body is read through a stream that stops at {@link HttpLimits#maxAnswerBytes()}
 * and at the call's total deadline, whatever reads it (JSON-P, a {@code String} for an error text).
 * The deadline starts when the request is sent (request filter) and is checked before every read,
 * so a server dripping a byte at a time is cut off at the deadline plus at most one read timeout.
 */
public class BoundedAnswers implements ClientRequestFilter, ClientResponseFilter, ReaderInterceptor {

    private static final String DEADLINE = "org.teslaexporter.http.deadline";

    private final HttpLimits limits;

    public BoundedAnswers(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.setProperty(DEADLINE, System.nanoTime() + limits.total().toNanos());
    }

    /**
     * A successful answer must be JSON: an HTML page from a captive portal or proxy with status 200
     * is an unreadable answer, not a network failure. An answer without a content type is read.
     */
    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
        MediaType type = response.getMediaType();
        if (response.getStatus() / 100 == 2 && response.hasEntity() && type != null
                && !type.getSubtype().toLowerCase(Locale.ROOT).contains("json")) {
            throw new NotJsonException(type);
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        long deadline = context.getProperty(DEADLINE) instanceof Long d ? d : System.nanoTime() + limits.total().toNanos();
        context.setInputStream(new Bounded(context.getInputStream(), limits, deadline));
        return context.proceed();
    }

    /** The bounded stream itself; public for tests. */
    public static final class Bounded extends FilterInputStream {

        private final HttpLimits limits;
        private final long deadlineNanos;
        private long count;

        public Bounded(InputStream in, HttpLimits limits, long deadlineNanos) {
            super(in);
            this.limits = limits;
            this.deadlineNanos = deadlineNanos;
        }

        private void check(long more) throws IOException {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new DeadlineExceededException(limits.total());
            }
            if (count + more > limits.maxAnswerBytes()) {
                throw new AnswerTooLargeException(limits.maxAnswerBytes());
            }
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = super.read();
            if (b >= 0) {
                check(1);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                check(n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            check(0);
            long skipped = super.skip(Math.min(n, limits.maxAnswerBytes() - count + 1));
            check(skipped);
            count += skipped;
            return skipped;
        }
    }
}

package org.teslaexporter.setup;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.http.LogLimiter;
import org.teslaexporter.http.OneLine;

/**
 * The first filter of every request to the application (mapped first in {@code web.xml}): a body
 * larger than any form of ours is refused with a short 413 before anything reads it, a body of
 * unknown length with 411; whatever escapes a servlet becomes a plain error page — never a stack
 * trace or a server name for a stranger — and one log line per kind and minute, not one per request.
 */
public class RequestLimitsFilter extends HttpFilter {

    /** The largest form here is the pasted redirect URL (8 KiB); a few times that is plenty. */
    static final long MAX_BODY = 32 * 1024;
    private static final Logger LOG = Logger.getLogger(RequestLimitsFilter.class.getName());
    private final LogLimiter limiter = new LogLimiter(LOG, Duration.ofMinutes(1), Clock.systemUTC());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method)) {
            long length = request.getContentLengthLong();
            if (length > MAX_BODY) {
                limiter.log(Level.INFO, "413", "Refused a request body of " + length + " bytes to "
                        + OneLine.of(request.getRequestURI(), 100) + " (at most " + MAX_BODY + ")");
                response.setHeader("Connection", "close");     // the unread body is not waited for
                plain(response, 413, "Request too large.");
                return;
            }
            if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
                plain(response, 411, "A request body needs a Content-Length here.");
                return;
            }
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            boolean clientError = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || (e instanceof IOException && !(e.getCause() instanceof RuntimeException));
            limiter.log(clientError ? Level.INFO : Level.WARNING, e.getClass().getName(),
                    (clientError ? "Refused a bad request to " : "Error while answering ") + OneLine.of(request.getRequestURI(), 100)
                            + ": " + e.getClass().getSimpleName() + " " + OneLine.of(e.getMessage(), 200));
            if (!response.isCommitted()) {
                response.reset();
                plain(response, clientError ? 400 : 500, clientError ? "Bad request." : "Internal error; the exporter's log says more.");
            }
        }
    }

    static void plain(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getWriter().write(status + " " + text + "\n");
    }
}

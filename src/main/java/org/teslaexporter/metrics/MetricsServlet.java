package org.teslaexporter.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code /metrics}: MicroProfile Metrics' text, as {@link RenderedMetrics} keeps it — a copy of bytes
 * per scrape, for the query strings MicroProfile Metrics knows ({@link MetricsQuery}; any other is
 * 400). Never parks a request thread: the first scrape of a query string waits for its rendering
 * asynchronously, and one over the number kept is answered 503 at once. Answers HEAD too.
 * Prometheus polls this exporter's own timer results, never a live car.
 */
@WebServlet(urlPatterns = "/metrics", asyncSupported = true)
public class MetricsServlet extends HttpServlet {

    static final int SLICE = 16 * 1024;

    @Inject
    RenderedMetrics rendered;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean body) throws IOException {
        Optional<MetricsQuery> query = MetricsQuery.parse(request.getQueryString());
        if (query.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Unknown metrics query; " + MetricsQuery.ACCEPTED + "\n");
            return;
        }
        CompletableFuture<RenderedMetrics.Copy> copy = rendered.get(query.get());
        if (copy.isDone()) {
            write(copy, response, body);
            return;
        }
        // the first scrape of this query string: wait for the rendering without holding the thread
        AsyncContext async = request.startAsync();
        async.setTimeout(RenderedMetrics.RENDER_TIMEOUT.toMillis() + 5_000);
        copy.whenComplete((c, failed) -> async.start(() -> {
            try {
                write(copy, (HttpServletResponse) async.getResponse(), body);
            } catch (IOException | RuntimeException gone) {
                // the client went away
            } finally {
                async.complete();
            }
        }));
    }

    private static void write(CompletableFuture<RenderedMetrics.Copy> future, HttpServletResponse response, boolean body)
            throws IOException {
        RenderedMetrics.Copy copy;
        try {
            copy = future.join();
        } catch (CompletionException | java.util.concurrent.CancellationException failed) {
            if (failed.getCause() instanceof RenderedMetrics.BusyException) {
                response.setHeader("Retry-After", "60");
            }
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        response.setStatus(copy.status());
        response.setContentType(copy.contentType());
        response.setContentLength(copy.body().length);
        if (!body) {
            return;
        }
        // In slices: the container then holds at most a slice per connection while the client reads,
        // not a whole page (1.5 MB for 100 cars) for each of hundreds of slow connections.
        var out = response.getOutputStream();
        byte[] bytes = copy.body();
        for (int offset = 0; offset < bytes.length; offset += SLICE) {
            out.write(bytes, offset, Math.min(SLICE, bytes.length - offset));
        }
    }
}

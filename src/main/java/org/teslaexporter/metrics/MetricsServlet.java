package org.teslaexporter.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /metrics}: MicroProfile Metrics' text, as {@link RenderedMetrics} keeps it — a copy of bytes
 * per scrape, with the query string ({@code ?scope=application}, {@code &name=…}) passed through.
 * Answers HEAD too. Prometheus polls this exporter's own timer results, never a live car.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    static final int SLICE = 16 * 1024;

    @Inject
    RenderedMetrics rendered;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RenderedMetrics.Copy copy = copy(request, response);
        if (copy == null) {
            return;
        }
        // In slices: the container then holds at most a slice per connection while the client reads,
        // not a whole page (1.5 MB for 100 cars) for each of hundreds of slow connections.
        var out = response.getOutputStream();
        byte[] body = copy.body();
        for (int offset = 0; offset < body.length; offset += SLICE) {
            out.write(body, offset, Math.min(SLICE, body.length - offset));
        }
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        copy(request, response);
    }

    private RenderedMetrics.Copy copy(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RenderedMetrics.Copy copy;
        try {
            copy = rendered.get(request.getQueryString());
        } catch (IOException unavailable) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return null;
        }
        response.setStatus(copy.status());
        response.setContentType(copy.contentType());
        response.setContentLength(copy.body().length);
        return copy;
    }
}

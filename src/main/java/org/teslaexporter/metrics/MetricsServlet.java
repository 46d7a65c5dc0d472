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

    @Inject
    RenderedMetrics rendered;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RenderedMetrics.Copy copy = copy(request, response);
        if (copy != null) {
            response.getOutputStream().write(copy.body());
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

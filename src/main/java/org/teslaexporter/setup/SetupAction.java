package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.teslaexporter.config.ExporterConfig;

/**
 * One POST action of the set-up page, each its own small servlet under {@code /setup/}. By the time
 * {@link #act} runs, {@link AdminFilter} (the one place that checks) has found a signed-in session
 * and this session's CSRF token in the form. A GET is 405.
 */
abstract class SetupAction extends HttpServlet {

    @Inject
    ExporterConfig config;

    @Override
    protected final void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        act(request, response);
    }

    abstract void act(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;

    /** Whether the browser reached us over HTTPS (directly or through a trusted proxy): cookies are then Secure. */
    final boolean https(HttpServletRequest request) {
        return ClientRequests.overHttps(request, config.settings().server().trustedProxies());
    }
}

package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.teslaexporter.config.ExporterConfig;

/**
 * Security headers on every answer of the application: no framing, no sniffing, no referrer, a
 * strict Content-Security-Policy (no scripts at all; forms may only post here, and redirect to
 * Tesla's login), and no caching of pages.
 */

public class SecurityHeadersFilter extends HttpFilter {

    @Inject
    ExporterConfig config;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self';"
                + " form-action 'self' " + config.settings().login().authBase() + "; frame-ancestors 'none'; base-uri 'none'");
        if (!request.getRequestURI().startsWith("/demo/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}

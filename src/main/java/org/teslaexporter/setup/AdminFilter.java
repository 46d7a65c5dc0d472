package org.teslaexporter.setup;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * The set-up page and its actions need a signed-in admin; every POST needs the session's CSRF token.
 * Only {@code /setup/signin} is open. (Metrics, health, the callback and the public key are outside
 * {@code /setup}.)
 */
@WebFilter("/setup/*")
public class AdminFilter extends HttpFilter {

    static final String ADMIN = "admin";
    static final String CSRF = "csrf";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI();
        if (path.equals("/setup/signin")) {
            chain.doFilter(request, response);
            return;
        }
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(ADMIN) == null) {
            if ("GET".equals(request.getMethod())) {
                response.sendRedirect("/setup/signin");
            } else {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "Sign in first.");
            }
            return;
        }
        if ("POST".equals(request.getMethod()) && !csrfMatches(session, request.getParameter(CSRF))) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(Html.page("Refused: the form is stale or forged",
                    "<p>The form did not carry this session's token. <a href=\"/setup\">Back to the set-up page</a>.</p>"));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean csrfMatches(HttpSession session, String sent) {
        Object expected = session.getAttribute(CSRF);
        return expected instanceof String e && sent != null
                && MessageDigest.isEqual(e.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}

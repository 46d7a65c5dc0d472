package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The set-up page and its actions need a signed-in admin ({@link AdminSessions}); every POST needs
 * the session's CSRF token. Only {@code /setup/signin} is open. (Metrics, health, the callback and
 * the public key are outside {@code /setup}.) Mapped in {@code web.xml} after the limits filter.
 */
public class AdminFilter extends HttpFilter {

    static final String SESSION = AdminFilter.class.getName() + ".session";
    static final String CSRF = "csrf";

    @Inject
    AdminSessions sessions;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI();
        if (path.equals("/setup/signin")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AdminSessions.Session> session = sessions.current(request);
        if (session.isEmpty()) {
            if ("GET".equals(request.getMethod())) {
                ClientRequests.found(response, "/setup/signin");
            } else {
                RequestLimitsFilter.plain(response, HttpServletResponse.SC_FORBIDDEN, "Sign in first.");
            }
            return;
        }
        if ("POST".equals(request.getMethod()) && !csrfMatches(session.get(), request.getParameter(CSRF))) {
            Pages.show(response, HttpServletResponse.SC_FORBIDDEN, OutcomeView.refused(
                    "Refused: the form is stale or forged", "The form did not carry this session's token."));
            return;
        }
        request.setAttribute(SESSION, session.get());
        chain.doFilter(request, response);
    }

    static boolean csrfMatches(AdminSessions.Session session, String sent) {
        return sent != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }
}

package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.teslaexporter.accounts.Invitations;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.config.ExporterConfig;

/**
 * Invitation links, public (a driver has no set-up password): {@code GET /invite/<secret>} shows the
 * one button, {@code POST /invite/start} starts the driver's own login with Tesla, bound to the
 * invitation and to this browser. A used, expired or unknown link gets a plain refusal; nothing here
 * leads to the set-up page or tells of other accounts.
 */
@WebServlet({"/invite", "/invite/*"})
public class InviteServlet extends HttpServlet {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    ExporterConfig config;

    @Inject
    Invitations invitations;

    @Inject
    OAuthLogin login;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String path = request.getPathInfo();
        String token = path == null || path.length() < 2 ? null : path.substring(1);
        if (!refused(response, token)) {
            Invitations.Invitation invitation = invitations.find(token).orElseThrow();
            Pages.show(response, HttpServletResponse.SC_OK, new InviteView(token, invitation.name(), TIME.format(invitation.expiresAt())));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (!"/start".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String token = request.getParameter("invitation");
        if (refused(response, token)) {
            return;
        }
        if (login.loginBlocker() != null) {
            Pages.show(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, OutcomeView.guest("Not ready yet",
                    "This exporter is not set up for logins yet. Tell whoever sent you the link."));
            return;
        }
        OAuthLogin.Start start = login.start().orElse(null);
        if (start == null) {
            Pages.show(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, OutcomeView.guest("Cannot log in now",
                    LoginStartAction.UNAVAILABLE));
            return;
        }
        if (!invitations.bind(start.state(), token)) {
            refused(response, token);
            return;
        }
        LoginStartAction.toTesla(response, start, config.settings().login().timeout().toSeconds(),
                ClientRequests.overHttps(request, config.settings().server().trustedProxies()));
    }

    /** Shows why the link cannot be used; false when it can. */
    private boolean refused(HttpServletResponse response, String token) throws IOException, ServletException {
        Invitations.Check check = invitations.check(token);
        if (check == Invitations.Check.VALID) {
            return false;
        }
        String why = switch (check) {
            case USED -> "This invitation link was used already: each link works once.";
            case EXPIRED -> "This invitation link has expired.";
            default -> "This is not an invitation link of this exporter.";
        };
        Pages.show(response, check == Invitations.Check.UNKNOWN ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_GONE,
                OutcomeView.guest("This link cannot be used", why + " Ask whoever sent it for a new one."));
        return true;
    }
}

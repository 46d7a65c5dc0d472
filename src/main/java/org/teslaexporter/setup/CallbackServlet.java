package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.accounts.AccountRegistry;
import org.teslaexporter.accounts.Invitations;
import org.teslaexporter.auth.LoginTarget;
import org.teslaexporter.polling.VehiclePoller;

/**
 * Where Tesla's login sends the browser back ({@code TESLA_REDIRECT_URI}'s path, mapped at start by
 * {@link SetupRegistration}): checks the state, handles Tesla's errors, exchanges the code, saves
 * the tokens and starts polling. Public (Tesla's redirect carries no session), so it trusts nothing
 * but a valid, unused, unexpired state.
 */
public class CallbackServlet extends HttpServlet {

    /** The browser binding of a login in progress (see {@link org.teslaexporter.auth.LoginStates}). */
    static final String LOGIN_COOKIE = "TESLA_EXPORTER_LOGIN";

    @Inject
    ExporterConfig config;

    @Inject
    OAuthLogin login;

    @Inject
    VehiclePoller poller;

    @Inject
    AccountRegistry accounts;

    @Inject
    Invitations invitations;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String state = request.getParameter("state");
        // a login started from an invitation link completes that invitation, and its pages show nothing of the admin's
        Optional<LoginTarget> invited = invitations.target(state);
        boolean guest = invited.isPresent();
        LoginTarget target = invited.orElse(accounts);
        OAuthLogin.Outcome outcome = login.complete(request.getParameter("code"), state,
                request.getParameter("error"), request.getParameter("error_description"),
                ClientRequests.cookie(request, LOGIN_COOKIE), accounts.primaryRegion(), target);
        boolean https = ClientRequests.overHttps(request, config.settings().server().trustedProxies());
        if (guest) {
            if (outcome.ok()) {
                ClientRequests.setCookie(response, LOGIN_COOKIE, "", "/", "Lax", 0, https);
            }
            Pages.show(response, status(outcome), OutcomeView.forGuest(outcome));
            return;
        }
        finish(request, response, outcome, poller, https);
    }

    /** What an outcome is for HTTP. */
    static int status(OAuthLogin.Outcome outcome) {
        return switch (outcome.kind()) {
            case DONE -> HttpServletResponse.SC_OK;
            case REFUSED -> HttpServletResponse.SC_BAD_REQUEST;
            case TESLA_FAILED -> HttpServletResponse.SC_BAD_GATEWAY;
            case NOT_SAVED -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        };
    }

    /** The end of a login (here or pasted): once done, polling starts and the browser binding is forgotten. */
    static void finish(HttpServletRequest request, HttpServletResponse response, OAuthLogin.Outcome outcome,
            VehiclePoller poller, boolean https) throws IOException, ServletException {
        if (outcome.ok()) {
            poller.pollNow();
            ClientRequests.setCookie(response, LOGIN_COOKIE, "", "/", "Lax", 0, https);
        }
        Pages.show(response, status(outcome), OutcomeView.of(outcome));
    }
}

package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.fleetapi.FleetApiGateway;
import org.teslaexporter.config.ExporterConfig;
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
    FleetApiGateway api;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OAuthLogin.Outcome outcome = login.complete(request.getParameter("code"), request.getParameter("state"),
                request.getParameter("error"), request.getParameter("error_description"),
                ClientRequests.cookie(request, LOGIN_COOKIE), api.baseUri());
        render(request, response, outcome, poller, ClientRequests.overHttps(request, config.settings().server().trustedProxies()));
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

    static void render(HttpServletRequest request, HttpServletResponse response, OAuthLogin.Outcome outcome,
            VehiclePoller poller, boolean https) throws IOException {
        if (outcome.ok()) {
            poller.pollNow();
            ClientRequests.setCookie(response, LOGIN_COOKIE, "", "/", "Lax", 0, https);   // done: forget the binding
        }
        response.setStatus(status(outcome));
        response.setContentType("text/html;charset=UTF-8");
        String next = outcome.ok()
                ? "<p class=\"ok\">" + Html.esc(outcome.detail()) + "</p>"
                  + "<h2>Next steps</h2><ol>"
                  + "<li>Watch the cars appear on the <a href=\"/setup\">set-up page</a> within a poll.</li>"
                  + "<li>Their metrics are at <a href=\"/metrics?scope=application\">/metrics</a>; point Prometheus at it.</li>"
                  + "<li>The exporter refreshes the login by itself; nothing else to do.</li></ol>"
                : "<p class=\"problem\">" + Html.esc(outcome.detail()) + "</p><p><a href=\"/setup\">Back to the set-up page</a></p>";
        response.getWriter().write(Html.page(outcome.title(), next));
    }
}

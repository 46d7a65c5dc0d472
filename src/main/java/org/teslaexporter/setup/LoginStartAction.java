package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.teslaexporter.auth.OAuthLogin;

/** "Log in with Tesla": starts a login and sends the browser to Tesla's, bound to this browser by a cookie. */
@WebServlet("/setup/login")
public class LoginStartAction extends SetupAction {

    @Inject
    OAuthLogin login;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String blocker = login.loginBlocker();
        if (blocker != null) {
            Pages.show(response, HttpServletResponse.SC_BAD_REQUEST, OutcomeView.refused("Cannot log in yet", blocker));
            return;
        }
        var start = login.start();
        if (start.isEmpty()) {
            Pages.show(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, OutcomeView.refused("Cannot log in now",
                    UNAVAILABLE));
            return;
        }
        toTesla(response, start.get(), config.settings().login().timeout().toSeconds(), https(request));
    }

    /** Why a login cannot start when the cluster's members did not keep its state. */
    static final String UNAVAILABLE = "The other members of the cluster did not answer: try again in a moment.";

    /** Sends the browser to Tesla's login, bound to it by the login cookie (here and from an invitation link). */
    static void toTesla(HttpServletResponse response, OAuthLogin.Start start, long loginTimeoutSeconds, boolean https) {
        // Lax, not Strict: Tesla's redirect back is a cross-site navigation, and must bring it along;
        // kept ten minutes past the state's expiry, so a late callback hears "too late", not "other browser"
        ClientRequests.setCookie(response, CallbackServlet.LOGIN_COOKIE, start.binding(), "/", "Lax", loginTimeoutSeconds + 600, https);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", start.authorizeUrl().toString());
    }
}

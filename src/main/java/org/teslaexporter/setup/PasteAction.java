package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.accounts.AccountRegistry;
import org.teslaexporter.polling.VehiclePoller;

/** "Complete login" with the pasted redirect URL, for set-ups Tesla cannot redirect to: the same checks as the callback. */
@WebServlet("/setup/paste")
public class PasteAction extends SetupAction {

    @Inject
    OAuthLogin login;

    @Inject
    AccountRegistry accounts;

    @Inject
    VehiclePoller poller;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String pasted = request.getParameter("redirect_url");
        OAuthLogin.Outcome outcome;
        if (pasted == null || pasted.isBlank()) {
            outcome = OAuthLogin.Outcome.refused("Refused: nothing pasted", "Paste the whole address Tesla's"
                    + " login sent your browser to.");
        } else if (pasted.length() > SetupServlet.MAX_PASTED) {
            outcome = OAuthLogin.Outcome.refused("Refused: a parameter is too long", "That is not Tesla's redirect.");
        } else {
            Map<String, String> q = query(pasted.strip());
            outcome = q == null
                    ? OAuthLogin.Outcome.refused("Refused: not a URL", "Paste the whole address, starting with https://")
                    : login.complete(q.get("code"), q.get("state"), q.get("error"), q.get("error_description"),
                            ClientRequests.cookie(request, CallbackServlet.LOGIN_COOKIE), accounts.primaryRegion(), accounts);
        }
        CallbackServlet.finish(request, response, outcome, poller, https(request));
    }

    /** The first value of each query parameter of {@code url}, decoded; null if it is not a URI. */
    static Map<String, String> query(String url) {
        String raw;
        try {
            raw = new URI(url).getRawQuery();
        } catch (URISyntaxException e) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }
}

package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.accounts.AccountRegistry;

/** "Register": registers the app's domain in the Fleet API's region; the set-up page shows what Tesla said. */
@WebServlet("/setup/register")
public class RegisterAction extends SetupAction {

    @Inject
    OAuthLogin login;

    @Inject
    AccountRegistry accounts;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) {
        login.registerPartner(accounts.primaryRegion());
        ClientRequests.seeOther(response, "/setup#registration");
    }
}

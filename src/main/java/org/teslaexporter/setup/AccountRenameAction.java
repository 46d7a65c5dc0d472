package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.teslaexporter.accounts.AccountRegistry;
import org.teslaexporter.auth.OAuthLogin;

/** "Rename" of one account: the name the admin gives it, shown on the page and in {@code account_name} on /metrics. */
@WebServlet("/setup/account/rename")
public class AccountRenameAction extends SetupAction {

    @Inject
    AccountRegistry accounts;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String id = request.getParameter("account");
        try {
            if (accounts.rename(id, request.getParameter("name")).isPresent()) {
                ClientRequests.seeOther(response, "/setup#accounts");
                return;
            }
            refuse(response, "Refused: no such account", "The account may have been removed meanwhile.");
        } catch (IllegalArgumentException badName) {
            refuse(response, "Refused: not a name", badName.getMessage());
        } catch (IllegalStateException notSaved) {
            Pages.show(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, OutcomeView.of(
                    new OAuthLogin.Outcome(OAuthLogin.Kind.NOT_SAVED, "The name could not be saved", notSaved.getMessage())));
        }
    }

    static void refuse(HttpServletResponse response, String title, String detail) throws IOException, ServletException {
        Pages.show(response, HttpServletResponse.SC_BAD_REQUEST, OutcomeView.of(OAuthLogin.Outcome.refused(title, detail)));
    }
}

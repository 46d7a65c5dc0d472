package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.teslaexporter.accounts.AccountRegistry;

/**
 * "Remove" of one account, confirmed by its checkbox: its polling stops, its tokens are deleted and
 * its cars' series leave /metrics. Without the confirmation nothing changes.
 */
@WebServlet("/setup/account/remove")
public class AccountRemoveAction extends SetupAction {

    @Inject
    AccountRegistry accounts;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (!"yes".equals(request.getParameter("confirm"))) {
            AccountRenameAction.refuse(response, "Not removed: not confirmed", "Tick \"stop polling it and delete its tokens\""
                    + " beside the account to remove it.");
            return;
        }
        if (!accounts.remove(request.getParameter("account"))) {
            AccountRenameAction.refuse(response, "Refused: no such account", "The account may have been removed already.");
            return;
        }
        ClientRequests.seeOther(response, "/setup#accounts");
    }
}

package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.teslaexporter.accounts.Invitations;

/**
 * "Invite a driver": makes a single-use invitation link valid for the chosen hours and shows it once
 * (only its digest is kept). The link is on the public address of {@code TESLA_REDIRECT_URI}.
 */
@WebServlet("/setup/invite")
public class InviteCreateAction extends SetupAction {

    @Inject
    Invitations invitations;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        long hours;
        try {
            hours = Long.parseLong(String.valueOf(request.getParameter("hours")));
        } catch (NumberFormatException e) {
            hours = -1;
        }
        if (hours < 1 || hours > Invitations.MAX_VALID.toHours()) {
            AccountRenameAction.refuse(response, "Refused: not a validity", "An invitation is valid for 1 hour to 30 days.");
            return;
        }
        String token;
        try {
            token = invitations.create(request.getParameter("name"), Duration.ofHours(hours));
        } catch (IllegalArgumentException bad) {
            AccountRenameAction.refuse(response, "Refused: not a name", bad.getMessage());
            return;
        }
        URI r = config.settings().login().redirectUri();
        String link = r.getScheme() + "://" + r.getRawAuthority() + "/invite/" + token;
        Pages.show(response, HttpServletResponse.SC_OK, new OutcomeView("Invitation link", true, "Send this link to the driver: "
                + link + " — it works once, for " + hours + (hours == 1 ? " hour" : " hours") + ". It is shown only now.", false, false));
    }
}

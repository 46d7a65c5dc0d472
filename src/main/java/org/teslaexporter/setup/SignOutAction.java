package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** "Sign out": ends the admin session. */
@WebServlet("/setup/signout")
public class SignOutAction extends SetupAction {

    @Inject
    AdminSessions sessions;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) {
        sessions.signOut(request, response, https(request));
        ClientRequests.seeOther(response, "/setup/signin");
    }
}

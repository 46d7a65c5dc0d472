package org.teslaexporter.setup;

/**
 * The page of a valid invitation link ({@code invite.jte}): its secret goes back in the form that starts
 * the driver's login, and nothing else of the exporter is shown.
 *
 * @param name    the name the admin gave the invitation, or empty
 * @param expires until when the link works
 */
public record InviteView(String token, String name, String expires) implements PageView {

    @Override
    public String template() {
        return "invite";
    }
}

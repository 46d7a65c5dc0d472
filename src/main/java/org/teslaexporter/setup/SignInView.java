package org.teslaexporter.setup;

/**
 * The sign-in page: the name of what to type ("set-up token" or "admin password") and, after a
 * refused attempt, what went wrong (else null).
 */
public record SignInView(String credentialName, String problem) implements PageView {

    @Override
    public String template() {
        return "signin";
    }
}

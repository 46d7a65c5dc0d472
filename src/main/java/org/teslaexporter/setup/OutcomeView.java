package org.teslaexporter.setup;

import org.teslaexporter.auth.OAuthLogin;

/**
 * The page after an action that does not go back to the set-up page: the end of a login (from
 * Tesla's redirect or the paste form), a login that cannot start yet, a stale form.
 * {@code nextSteps}: the login is done, so say what comes next instead of "back".
 */
public record OutcomeView(String title, boolean ok, String detail, boolean nextSteps, boolean guest) implements PageView {

    /** A refusal: not ok, with a way back. */
    static OutcomeView refused(String title, String detail) {
        return new OutcomeView(title, false, detail, false, false);
    }

    /** The end of a login, as {@link OAuthLogin} tells it. */
    static OutcomeView of(OAuthLogin.Outcome outcome) {
        return new OutcomeView(outcome.title(), outcome.ok(), outcome.detail(), outcome.ok(), false);
    }

    /** The end of a driver's login by invitation, or why not: no way to the admin's pages. */
    static OutcomeView forGuest(OAuthLogin.Outcome outcome) {
        return new OutcomeView(outcome.ok() ? "Connected" : outcome.title(), outcome.ok(), outcome.detail(), false, true);
    }

    /** A guest's page that is no login outcome (an invitation that cannot be used). */
    static OutcomeView guest(String title, String detail) {
        return new OutcomeView(title, false, detail, false, true);
    }

    @Override
    public String template() {
        return "outcome";
    }
}

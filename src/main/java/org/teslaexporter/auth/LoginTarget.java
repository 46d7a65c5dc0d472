package org.teslaexporter.auth;

/** Where a completed login goes: the account it belongs to, found (or made) from who logged in. */
@FunctionalInterface
public interface LoginTarget {

    /**
     * Saves {@code fresh} as the login of the Tesla user {@code subject} (null when the answer did not
     * say who), before it is used.
     *
     * @return a sentence for the page: which account, where its tokens are
     * @throws TokenFileException if the tokens could not be saved (they are then not used)
     * @throws Refused if this login may not be saved here (an invitation used meanwhile)
     */
    String save(String subject, Tokens fresh);

    /** The login may not be saved here; the message says why, for the page. Nothing is saved. */
    final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }
}

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
     */
    String save(String subject, Tokens fresh);
}

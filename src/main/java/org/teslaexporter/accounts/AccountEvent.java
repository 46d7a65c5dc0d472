package org.teslaexporter.accounts;

/**
 * What the registry tells the poller and the metrics (CDI events, fired synchronously in the thread
 * that changed the account): each names one account, so the work it causes is that account's alone.
 */
public sealed interface AccountEvent {

    String account();

    /** A new account, with a login: list its cars now. */
    record Added(String account) implements AccountEvent {
    }

    /** An account already known has a new login (a re-login, a new token file): list its cars now. */
    record LoggedIn(String account) implements AccountEvent {
    }

    /** The admin gave the account another name. */
    record Renamed(String account) implements AccountEvent {
    }

    /** The account is gone: its polling stops and its cars' series leave /metrics. */
    record Removed(String account) implements AccountEvent {
    }
}

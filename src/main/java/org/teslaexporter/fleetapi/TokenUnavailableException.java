package org.teslaexporter.fleetapi;

/**
 * There is a login, but no valid access token at this moment: the refresh failed (the token
 * endpoint is down) or is still running. Unlike {@link NotLoggedInException} this passes by itself,
 * so the poller backs off and tries again instead of dropping the vehicles.
 */
public class TokenUnavailableException extends FleetApiException {

    public TokenUnavailableException(String message) {
        super(0, message);
    }

    @Override
    public String errorType() {
        return "token_refresh";
    }
}

package org.teslaexporter.fleetapi;

/** The access token was refused (401): expired, revoked or unknown user. */
public class AuthenticationFailedException extends FleetApiException {

    public AuthenticationFailedException(String message) {
        super(401, message);
    }

    @Override
    public String errorType() {
        return "auth";
    }
}

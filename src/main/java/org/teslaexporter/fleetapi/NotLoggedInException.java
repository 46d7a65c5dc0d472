package org.teslaexporter.fleetapi;

/** No usable access token: nothing is sent to Tesla until the user logs in (again). */
public class NotLoggedInException extends FleetApiException {

    public NotLoggedInException(String message) {
        super(0, message);
    }

    @Override
    public String errorType() {
        return "not_logged_in";
    }
}

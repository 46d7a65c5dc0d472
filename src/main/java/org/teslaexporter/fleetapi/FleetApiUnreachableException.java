package org.teslaexporter.fleetapi;

/** No answer at all: DNS, connection refused, TLS, or a timeout. */
public class FleetApiUnreachableException extends FleetApiException {

    public FleetApiUnreachableException(String message, Throwable cause) {
        super(0, message);
        initCause(cause);
    }

    @Override
    public String errorType() {
        return "network";
    }
}

package org.teslaexporter.fleetapi;

/** A 2xx answer whose body is not the JSON we expect (truncated, HTML from a proxy, wrong shape). */
public class MalformedAnswerException extends FleetApiException {

    public MalformedAnswerException(String message) {
        super(0, message);
    }

    @Override
    public String errorType() {
        return "malformed_response";
    }
}

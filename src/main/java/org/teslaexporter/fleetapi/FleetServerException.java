package org.teslaexporter.fleetapi;

/**
 * 5xx (500, 503, 504, and 540 "vehicle answered with an error"): Tesla's side or the car timed out.
 * Not billed; retried on the next poll.
 */
public class FleetServerException extends FleetApiException {

    public FleetServerException(int status, String message) {
        super(status, message);
    }
}

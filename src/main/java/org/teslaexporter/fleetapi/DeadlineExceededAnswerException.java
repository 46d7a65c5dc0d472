package org.teslaexporter.fleetapi;

/** No complete answer within {@code HTTP_TOTAL_TIMEOUT_SECONDS} (a slow or dripping server). */
public class DeadlineExceededAnswerException extends FleetApiUnreachableException {

    public DeadlineExceededAnswerException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String errorType() {
        return "timeout";
    }
}

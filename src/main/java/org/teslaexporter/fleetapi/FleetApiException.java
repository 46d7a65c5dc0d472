package org.teslaexporter.fleetapi;

/**
 * A Fleet API answer with an error status. Subclasses name the statuses a poller reacts to; the
 * message holds Tesla's error text (never a token: Tesla's error bodies carry none, and the request
 * is not quoted).
 */
public class FleetApiException extends RuntimeException {

    private final int status;

    public FleetApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** HTTP status of the answer, or 0 when no answer came (network failure, unreadable body). */
    public int status() {
        return status;
    }

    /** Short, stable name used as the {@code error_type} label of {@code tesla_exporter_poll_errors_total}. */
    public String errorType() {
        return status >= 500 ? "server_error" : "http_" + status;
    }
}

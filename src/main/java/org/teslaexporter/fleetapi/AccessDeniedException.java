package org.teslaexporter.fleetapi;

/**
 * 403: missing scopes, or the account's billing limit is reached ({@code EXCEEDED_LIMIT}); both
 * need the owner to act, so a poller backs off long and surfaces it.
 */
public class AccessDeniedException extends FleetApiException {

    public AccessDeniedException(String message) {
        super(403, message);
    }

    /** True when Tesla says the account hit its billing limit. */
    public boolean billingLimitReached() {
        return getMessage() != null && getMessage().contains("EXCEEDED_LIMIT");
    }

    @Override
    public String errorType() {
        return billingLimitReached() ? "billing_limit" : "forbidden";
    }
}

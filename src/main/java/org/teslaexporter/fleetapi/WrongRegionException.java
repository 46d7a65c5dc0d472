package org.teslaexporter.fleetapi;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 421: the account lives in another region. Tesla names the right base URL in the error text, e.g.
 * {@code user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com, see …}.
 */
public class WrongRegionException extends FleetApiException {

    private static final Pattern BASE_URL = Pattern.compile("use base URL:\\s*(https://[A-Za-z0-9.-]+)");

    public WrongRegionException(String message) {
        super(421, message);
    }

    /** The base URL Tesla points to, when the text names one. */
    public Optional<URI> correctBaseUrl() {
        Matcher m = BASE_URL.matcher(getMessage() == null ? "" : getMessage());
        return m.find() ? Optional.of(URI.create(m.group(1))) : Optional.empty();
    }

    @Override
    public String errorType() {
        return "wrong_region";
    }
}

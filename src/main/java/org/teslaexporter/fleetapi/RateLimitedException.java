package org.teslaexporter.fleetapi;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 429: too many requests. The body is plain text ({@code Retry in 45509 seconds}); the
 * {@code Retry-After} header, when present, wins. Waits of many hours have been seen.
 */
public class RateLimitedException extends FleetApiException {

    private static final Pattern RETRY_IN = Pattern.compile("Retry in (\\d{1,9}) seconds");

    private final Duration retryAfter;

    public RateLimitedException(String body, String retryAfterHeader) {
        super(429, "rate limited: " + body);
        this.retryAfter = parse(retryAfterHeader, body);
    }

    /** How long Tesla asks us to wait, if it says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String errorType() {
        return "rate_limited";
    }

    static Duration parse(String header, String body) {
        if (header != null && header.strip().matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(header.strip()));
        }
        Matcher m = RETRY_IN.matcher(body == null ? "" : body);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : null;
    }
}

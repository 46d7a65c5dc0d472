package org.teslaexporter.polling;

/** How a request failed, as far as the policy cares. */
public enum PollFailure {
    /** 408: the car is asleep or offline. Not an error: no retry, no error count. */
    ASLEEP,
    /** 429: obey Retry-After. */
    RATE_LIMITED,
    /** 403 EXCEEDED_LIMIT: the account's billing limit; stop asking for a long time. */
    BILLING_LIMIT,
    /** 412: the partner account must be registered in this region; the owner must act. */
    NOT_REGISTERED,
    /** No usable login. */
    NOT_LOGGED_IN,
    /** Anything else (5xx, network, malformed answer, 404 …): exponential backoff with jitter. */
    ERROR
}

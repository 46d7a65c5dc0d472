package org.teslaexporter.auth;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * What a cluster keeps of an account in the CP subsystem: its newest token pair (in the token file's
 * format) and, from the moment a member sends that pair's refresh token to Tesla until it has written
 * the answer back, that member's mark, a {@link Flight}:
 * <pre>{"access_token": "…", "refresh_token": "…", …, "refreshing": {"flight": "…", "since": 1735660800.5}}</pre>
 * A mark still there when another member holds the lock means the refresh never finished: its member
 * died or was cut off, perhaps after Tesla had already spent the refresh token. The others then never
 * send it ({@link AccessTokens}); the pair Tesla gave may be on that member's disk, and comes back with it.
 *
 * @param flight the member's refresh in flight, if there is one
 */
record ClusterPair(Tokens pair, Optional<Flight> flight) {

    /**
     * A refresh in flight: its random name (also in that member's {@code .refreshing} marker, so the member
     * back from a restart knows the mark for its own) and when it began.
     */
    record Flight(String name, Instant since) {
    }

    static ClusterPair settled(Tokens pair) {
        return new ClusterPair(pair, Optional.empty());
    }

    ClusterPair refreshing(String name, Instant since) {
        return new ClusterPair(pair, Optional.of(new Flight(name, since)));
    }

    /** @throws TokenFileException if {@code text} is no pair; a broken mark is no mark */
    static ClusterPair parse(String text) {
        String what = "The cluster's pair";
        JsonObject json = TokenFile.json(text, what);
        Tokens pair = TokenFile.parse(json, what);
        Optional<Flight> flight = Optional.empty();
        if (json.get("refreshing") instanceof JsonObject mark) {
            String name = TokenFile.string(mark, "flight");
            Instant since = TokenFile.epochSeconds(mark, "since");
            if (name != null && since != null) {
                flight = Optional.of(new Flight(name, since));
            }
        }
        return new ClusterPair(pair, flight);
    }

    String format() {
        var json = TokenFile.builder(pair);
        flight.ifPresent(f -> json.add("refreshing", TokenFile.objectBuilder().add("flight", f.name())
                .add("since", TokenFile.seconds(f.since()))));
        return json.build().toString();
    }
}

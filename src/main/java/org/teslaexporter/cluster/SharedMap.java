package org.teslaexporter.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Text values by key, shared by the members (a Hazelcast map with one synchronous backup). Every call
 * is bounded in time; a failure is an empty answer or a value not kept, never an exception.
 */
public interface SharedMap {

    /** Keeps nothing: one exporter alone. */
    SharedMap NONE = new SharedMap() {
        @Override
        public Optional<String> get(String key) {
            return Optional.empty();
        }

        @Override
        public boolean put(String key, String value) {
            return false;
        }

        @Override
        public boolean put(String key, String value, Duration idle) {
            return false;
        }

        @Override
        public void remove(String key) {
        }

        @Override
        public Optional<String> take(String key) {
            return Optional.empty();
        }

        @Override
        public boolean replace(String key, String expected, String value) {
            return false;
        }

        @Override
        public Map<String, String> all() {
            return Map.of();
        }
    };

    /**
     * A map of this process only, for what one exporter alone keeps in memory (the set-up page's
     * sessions, the logins in progress): at most {@code max} entries, the least recently used dropped first.
     */
    static SharedMap local(int max, Clock clock) {
        return new LocalMap(max, clock);
    }

    Optional<String> get(String key);

    /** @return false if it could not be kept (no majority, a timeout) */
    boolean put(String key, String value);

    /** Keeps {@code value} until it has been neither read nor written for {@code idle}; then it is gone. */
    boolean put(String key, String value, Duration idle);

    void remove(String key);

    /** Removes the value and gives it to this caller alone: of two members taking one key, one gets it. */
    Optional<String> take(String key);

    /**
     * Sets {@code value} if the key holds {@code expected} now ({@code null}: nothing), in one step.
     *
     * @return whether it did; false too if the cluster did not answer
     */
    boolean replace(String key, String expected, String value);

    /** Every entry (small maps only: the accounts, the members' bills). */
    Map<String, String> all();
}

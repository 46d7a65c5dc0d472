package org.teslaexporter.cluster;

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
        public void remove(String key) {
        }

        @Override
        public Map<String, String> all() {
            return Map.of();
        }
    };

    Optional<String> get(String key);

    /** @return false if it could not be kept (no majority, a timeout) */
    boolean put(String key, String value);

    void remove(String key);

    /** Every entry (small maps only: the accounts, the members' bills). */
    Map<String, String> all();
}

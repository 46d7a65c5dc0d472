package org.teslaexporter.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A value of the CP subsystem (linearizable: every member reads the last value written) with a lock
 * of its own, a {@code FencedLock}: what an account's single-use refresh token needs. Values are
 * sealed with {@code CLUSTER_SECRET} before they leave the member.
 */
public interface Guarded {

    /** The value now; empty if there is none. @throws ClusterUnavailableException without a majority */
    Optional<String> read();

    /**
     * Runs {@code work} holding the lock, given the value now; what it returns (if present) becomes the
     * value, written while the lock is still held and only if the lock's fence is still this holder's.
     *
     * @throws ClusterUnavailableException if the lock cannot be had within {@code wait} (no majority, held
     *                                     by a member that is stuck), or the result cannot be written
     */
    <T> T withLock(Duration wait, Function<Optional<String>, Result<T>> work);

    /**
     * Runs {@code changed} (on one of the cluster's event threads: it must not block) each time another member
     * has written a new value, within about a second of the write; never for this member's own writes. A hint,
     * not a guarantee: a notice lost in a split is made up for by whoever also reads the value now and then.
     *
     * @return what stops the watching (an account removed)
     */
    Watch watch(Runnable changed);

    /** A watch of {@link #watch}, stopped by {@link #stop()}. */
    @FunctionalInterface
    interface Watch {
        void stop();
    }

    /** What a piece of work under the lock gives back, and the value to write, if any. */
    record Result<T>(T answer, Optional<String> write) {
        public static <T> Result<T> keep(T answer) {
            return new Result<>(answer, Optional.empty());
        }

        public static <T> Result<T> write(T answer, String value) {
            return new Result<>(answer, Optional.of(value));
        }
    }
}

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
     * Runs {@code work} holding the lock, given the value as it is now ({@link Held}); what it writes through
     * {@link Held#write} becomes the value at once, still under the lock, and only while the lock's fence is
     * still this holder's. The other members watching are told once the work is done, if it wrote anything.
     *
     * @throws ClusterUnavailableException if the lock cannot be had within {@code wait} (no majority, held
     *                                     by a member that is stuck), or a value cannot be written
     */
    <T> T withLock(Duration wait, Function<Held, T> work);

    /** The value while a member holds the lock ({@link #withLock}). */
    interface Held {
        /** The value now: as it was when the lock was taken, or as this holder last wrote it. */
        Optional<String> value();

        /**
         * Makes {@code value} the value now (a mark before a call that cannot be undone, the result after it).
         *
         * @throws ClusterUnavailableException if the lock has moved to another holder or the write fails
         */
        void write(String value);
    }

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
}

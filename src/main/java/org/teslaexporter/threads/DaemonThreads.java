package org.teslaexporter.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exporter's own background threads (token refresh, metrics rendering, HTTP, MQTT, telemetry
 * configuration): daemons, so none of them keeps a stopping server alive, and named after their job,
 * so a thread dump says who is who.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code name}, or {@code name-1}, {@code name-2} … when {@code numbered}. */
    public static ThreadFactory named(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? name + "-" + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Threads named {@code name}. */
    public static ThreadFactory named(String name) {
        return named(name, false);
    }
}

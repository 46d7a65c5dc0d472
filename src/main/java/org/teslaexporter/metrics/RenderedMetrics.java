package org.teslaexporter.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.threads.DaemonThreads;

/**
 * The text of MicroProfile Metrics, rendered in the background and kept as bytes, so a scrape is a
 * copy of a byte array and never waits for rendering. Why: Payara's writer formats every series with
 * regular expressions, 7–9 µs a series (CONTRIBUTING.md, "Benchmarks") — a second for a fleet of 1,000 cars,
 * and at 50 parallel scrapes of one car a p99 of half a second.
 * <p>
 * The text itself is MicroProfile Metrics' own, nothing re-formatted: made in this process by Payara's
 * own writer ({@link PayaraMetricsWriter}), or — on a Payara that does not show it — by a request to
 * {@code /mp-metrics} on loopback (where {@code docker/payara-preboot.asadmin} moved Payara's servlet). A copy is renewed soon after the
 * exporter's own series change ({@link #changed()} schedules one pass), but not before it is 100 ms old and
 * fifteen times as old as its own rendering took once warm, times the number of query strings kept warm
 * (for one or two cars 0.1–0.5 s: renewing for changes takes at most 7 % of a core in all). Nothing else runs in the background: a copy older
 * than ten times its rendering (at least 1 s, at most 30 s) is renewed when a scrape finds it so — that
 * scrape gets the copy it found, the next one the new copy — so the JVM's own metrics (which change all
 * the time) are at most one scrape old, and an exporter nobody scrapes renders nothing between its polls
 * (the idle cost, CONTRIBUTING.md "Benchmarks"). Only query strings asked for in the last five minutes are
 * kept: the whole page and each scope's always, those with a {@code name} up to {@link #MAX_KEYS} in all.
 */
@ApplicationScoped
public class RenderedMetrics {

    static final int MAX_KEYS = 16;
    static final long MAX_BYTES = 256L * 1024 * 1024;
    static final Duration KEEP_WARM = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(RenderedMetrics.class.getName());
    /** A rendering that fails is said once a minute: /metrics then serves an old copy, which an owner must hear of. */
    private final org.teslaexporter.http.LogLimiter failures = new org.teslaexporter.http.LogLimiter(LOG,
            java.time.Duration.ofMinutes(1), java.time.Clock.systemUTC());

    /** The longest a rendering may take (1,000 cars render in about a second); a first scrape waits at most this long. */
    static final Duration RENDER_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A change is rendered once the copy is this old and {@link #CHANGED_AGE_FACTOR} times as old as its
     * rendering took, times the query strings kept warm: at most 7 % of a core in all, even when changes never stop, and a
     * streamed value is on the page within half a second while the page renders in under 33 ms. (It matters
     * for pages that render in under 67 ms, up to ~40 cars; larger ones are renewed by age, at 10 %.)
     */
    static final long MIN_CHANGED_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final int CHANGED_AGE_FACTOR = 15;

    /**
     * One rendered page, and the {@link #changed() generation} of the series it shows.
     *
     * @param renderNanos what this rendering cost: the rendering thread's CPU time (in process), else the time it took
     * @param steadyNanos the cheaper of this rendering and the one before: what renewing costs once warm
     *                    (the first renderings after a start are several times slower)
     */
    public record Copy(int status, String contentType, byte[] body, long renderedAtNanos, long renderNanos, long generation,
            long steadyNanos) {

        Copy after(Copy previous) {
            return previous == null ? this : new Copy(status, contentType, body, renderedAtNanos, renderNanos, generation,
                    Math.min(renderNanos, previous.renderNanos()));
        }

        long maxAgeNanos() {
            return Math.min(TimeUnit.SECONDS.toNanos(30), Math.max(TimeUnit.SECONDS.toNanos(1), 10 * renderNanos));
        }

        /**
         * How old it must be before a change renews it, when {@code kept} query strings are kept warm: the
         * budget for renewing after changes is shared by all of them.
         */
        long changedAgeNanos(int kept) {
            return Math.max(MIN_CHANGED_AGE_NANOS, CHANGED_AGE_FACTOR * steadyNanos * Math.max(1, kept));
        }

        /** Whether it should be rendered again, at {@code now}, when the series are at {@code current} and {@code kept} are warm. */
        boolean stale(long now, long current, int kept) {
            long age = now - renderedAtNanos;
            return age > maxAgeNanos() || (current != generation && age >= changedAgeNanos(kept));
        }
    }

    private static final class Entry {
        final MetricsQuery query;
        volatile Copy copy;
        volatile long lastAskedNanos;
        CompletableFuture<Copy> renewing;     // guarded by the entry

        Entry(MetricsQuery query) {
            this.query = query;
        }
    }

    @Inject
    ExporterConfig config;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean passScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    /** The loopback's client, made at its first use (never where Payara's writer renders); renderer thread only. */
    private HttpClient http;
    private URI source;
    private ScheduledExecutorService renewer;
    /** Payara's own writer in this process, or null: then the loopback (and always in unit tests). */
    private volatile PayaraMetricsWriter inProcess;

    @PostConstruct
    void init() {
        init(URI.create("http://127.0.0.1:" + config.settings().server().port() + "/mp-metrics"));
        StringBuilder why = new StringBuilder();
        inProcess = PayaraMetricsWriter.find(why);
        if (inProcess == null) {
            LOG.info("Rendering /metrics through a request to /mp-metrics: Payara's writer is not reachable here (" + why + ")");
        }
    }

    /** For tests: another source of the text. */
    void init(URI from) {
        source = from;
        renewer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tesla-metrics-render"));
    }

    /** The exporter's series changed (a poll step, a streamed signal): copies are renewed soon. O(1). */
    public void changed() {
        generation.incrementAndGet();
        schedulePass(TimeUnit.NANOSECONDS.toMillis(MIN_CHANGED_AGE_NANOS));
    }

    /** One pass over the copies in {@code delayMillis}, unless one is due already. */
    private void schedulePass(long delayMillis) {
        if (renewer != null && !entries.isEmpty() && passScheduled.compareAndSet(false, true)) {
            try {
                renewer.schedule(this::changePass, Math.max(1, delayMillis), TimeUnit.MILLISECONDS);
            } catch (RuntimeException shuttingDown) {
                passScheduled.set(false);
            }
        }
    }

    @PreDestroy
    void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }

    /** Too many query strings are kept already: a new one is answered 503 at once, not rendered. */
    public static final class BusyException extends IOException {
        BusyException() {
            super("more than " + MAX_KEYS + " different metrics queries are kept warm");
        }
    }

    /**
     * The copy for this query, never waiting: a done future
     * when there is one (a stale one is renewed in the background meanwhile); the first time for a query
     * string, the future of its first rendering, which the caller waits for without holding a thread
     * (the servlet goes asynchronous); failed with {@link BusyException} when {@link #MAX_KEYS} other
     * query strings are kept already. Why never wait: a scrape is a copy of bytes; and where the rendering
     * is a request to this server (the loopback), request threads parked on renderings could take every
     * thread the rendering needs.
     */
    public CompletableFuture<Copy> get(MetricsQuery query) {
        String key = query.text();
        Entry e = entries.get(key);
        if (e == null) {
            // the pages without a name (four at most) are always kept: a flood of names cannot crowd out Prometheus
            if (entries.size() >= MAX_KEYS && query.name() != null) {
                return CompletableFuture.failedFuture(new BusyException());
            }
            e = entries.computeIfAbsent(key, k -> new Entry(query));
        }
        e.lastAskedNanos = System.nanoTime();
        Copy c = e.copy;
        if (c == null) {
            return renew(e);
        }
        if (c.stale(System.nanoTime(), generation.get(), entries.size())) {
            renew(e);
        }
        return CompletableFuture.completedFuture(c);
    }

    /**
     * After a change: renews each copy that shows an older generation and is old enough; those still too
     * young are looked at again when they are. Drops copies nobody asked for in {@link #KEEP_WARM}.
     */
    private void changePass() {
        passScheduled.set(false);
        try {
            long now = System.nanoTime();
            long current = generation.get();
            long again = Long.MAX_VALUE;
            for (Map.Entry<String, Entry> en : entries.entrySet()) {
                Entry e = en.getValue();
                Copy c = e.copy;
                if (now - e.lastAskedNanos > KEEP_WARM.toNanos()) {
                    entries.remove(en.getKey(), e);
                } else if (c != null && c.generation() != current) {
                    long wait = c.changedAgeNanos(entries.size()) - (now - c.renderedAtNanos());
                    if (wait <= 0) {
                        renew(e);
                    } else {
                        again = Math.min(again, wait);
                    }
                }
            }
            if (again != Long.MAX_VALUE) {
                schedulePass(TimeUnit.NANOSECONDS.toMillis(again) + 1);
            }
        } catch (RuntimeException unexpected) {
            LOG.log(Level.WARNING, "Renewing the metrics copy failed; it is tried again at the next change", unexpected);
        }
    }

    /** One renewal per query string at a time; the result replaces the copy. */
    private CompletableFuture<Copy> renew(Entry e) {
        synchronized (e) {
            if (e.renewing != null) {
                return e.renewing;
            }
            CompletableFuture<Copy> f = new CompletableFuture<>();
            e.renewing = f;
            renewer.execute(() -> {
                try {
                    Copy c = render(e.query, e.copy == null ? 0 : e.copy.body().length).after(e.copy);
                    e.copy = c;
                    f.complete(c);
                    if (c.generation() != generation.get()) {
                        // changed while it rendered: the pass that change scheduled may have found this renewal busy
                        schedulePass(TimeUnit.NANOSECONDS.toMillis(c.changedAgeNanos(entries.size())) + 1);
                    }
                } catch (IOException | RuntimeException failed) {
                    failures.log(Level.WARNING, "render", "Rendering /metrics failed, an older copy is served: " + failed
                            + (failed.getCause() == null ? "" : " (" + failed.getCause() + ")"));
                    f.completeExceptionally(failed);
                } finally {
                    synchronized (e) {
                        e.renewing = null;
                    }
                }
            });
            return f;
        }
    }

    /** The page, from Payara's writer in this process where it is reachable, else from {@code /mp-metrics} on loopback. */
    Copy render(MetricsQuery query) throws IOException {
        return render(query, 0);
    }

    /** @param sizeHint the length of the last copy of this query, or 0: the new one is written into a buffer of about that size */
    Copy render(MetricsQuery query, int sizeHint) throws IOException {
        PayaraMetricsWriter writer = inProcess;
        if (writer != null) {
            try {
                return writer.render(query, generation.get(), sizeHint);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("Payara's metrics writer failed: " + e, e);
            }
        }
        return renderOnLoopback(query);
    }

    /** Asks MicroProfile Metrics for the page, on loopback, bounded in size and time. */
    private Copy renderOnLoopback(MetricsQuery query) throws IOException {
        long started = System.nanoTime();
        long shows = generation.get();
        HttpRequest request = HttpRequest.newBuilder(URI.create(source + (query.scope() == null ? "" : "?" + query.text())))
                .timeout(RENDER_TIMEOUT).build();
        try {
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            }
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
            }
            if (body.length > MAX_BYTES) {
                throw new IOException("the metrics page is larger than " + MAX_BYTES + " bytes");
            }
            long now = System.nanoTime();
            return new Copy(r.statusCode(), r.headers().firstValue("Content-Type").orElse("text/plain"), body, now,
                    now - started, shows, now - started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

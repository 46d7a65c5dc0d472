package org.teslaexporter.journal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.JournalSettings;
import org.teslaexporter.http.LogLimiter;
import org.teslaexporter.http.OneLine;
import org.teslaexporter.polling.FleetEvent;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.threads.DaemonThreads;

/**
 * The journal: every change of a car goes through its {@link SessionDetector} (in the thread that
 * made the change: constant work, no I/O), and what it finds is written by one background thread —
 * finished sessions and sessions that start within a second (together, however many cars), the state of one under way every
 * {@link #STATE_EVERY}, so a restart or a {@code kill -9} continues the same session. While the database cannot be reached, finished
 * sessions wait in memory (at most {@link #MAX_WAITING}; the oldest give way) and
 * {@code tesla_exporter_journal_ok} is 0; polling, streaming and {@code /metrics} carry on.
 */
@ApplicationScoped
public class Journal {

    static final int MAX_WAITING = 10_000;
    /** Observers without a priority have APPLICATION + 500. */
    static final int AFTER_THE_METRICS = Interceptor.Priority.APPLICATION + 900;
    static final Duration FLUSH_EVERY = Duration.ofSeconds(5);
    /** How often the state of a session under way is written (its start and end within {@link #URGENT_WITHIN}). */
    static final Duration STATE_EVERY = Duration.ofMinutes(5);
    /** A session that starts or ends is written within this. */
    static final Duration URGENT_WITHIN = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(Journal.class.getName());

    @Inject
    ExporterConfig config;

    @Inject
    FleetState fleet;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    /**
     * In a cluster: each car's open session goes with the car. It is kept in a map shared by the members (its
     * key the VIN, so the car's owner reads it without the network), and the member that takes a car over
     * continues the session from there; the shared journal in PostgreSQL holds it too, for a whole cluster's restart.
     */
    @Inject
    Cluster cluster;

    /** The open sessions read back from the database at the first reading, in a cluster: for cars that arrive later. */
    private Map<String, String> restoredStates = Map.of();

    /** Where the sums and each stored batch go (the counters on /metrics); null in unit tests that do not listen. */
    @Inject
    Event<JournalEvent> events;

    private final Map<String, SessionDetector> detectors = new ConcurrentHashMap<>();
    /** When each car's open state was last handed to the writer (System.nanoTime). */
    private final Map<String, Long> stateWrittenAt = new ConcurrentHashMap<>();
    private final LogLimiter complaints = new LogLimiter(LOG, Duration.ofMinutes(1), Clock.systemUTC());
    private final Jsonb json = JsonbBuilder.create();
    /** Guarded by this: what waits for the writer. */
    private final Deque<Session> waiting = new ArrayDeque<>();
    private final Map<String, String> dirty = new HashMap<>();
    /** Held while writing: one writer at a time (the writer thread, a test, the stop). */
    private final Object flushing = new Object();
    /** Whether a write within {@link #URGENT_WITHIN} is already scheduled. */
    private final java.util.concurrent.atomic.AtomicBoolean flushSoon = new java.util.concurrent.atomic.AtomicBoolean();
    private long dropped;
    /** Null in unit tests whose registry gives none. */
    private org.eclipse.microprofile.metrics.Counter writeErrors;
    private ScheduledExecutorService writer;
    /** Only the writer thread and the first opening touch it. */
    private JournalStore store;
    private volatile boolean restored;
    /** Whether the database's sums were told ({@link JournalEvent.Counted}); guarded by {@link #flushing}. */
    private boolean counted;
    private volatile boolean ok;
    private volatile String problem;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.gauge(Metadata.builder().withName("tesla_exporter_journal_ok").withUnit(MetricUnits.NONE)
                .withDescription("Whether the journal of drives and charges is written (1) or its database cannot be reached (0)")
                .build(), () -> ok ? 1 : 0);
        registry.gauge(Metadata.builder().withName("tesla_exporter_journal_waiting_sessions").withUnit(MetricUnits.NONE)
                .withDescription("Finished drives, charges and parked periods waiting for the journal's database").build(),
                this::waitingCount);
        writeErrors = registry.counter(Metadata.builder().withName("tesla_exporter_journal_write_errors_total")
                .withUnit(MetricUnits.NONE).withDescription("Attempts to write the journal that its database refused or did not answer")
                .build());
        writer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tesla-journal"));
        writer.execute(this::restoreOnce);      // while the application starts: the first reading rarely waits for it
        writer.scheduleWithFixedDelay(this::flush, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flush();        // what the last readings found, in this thread
        }
        if (store != null) {
            store.close();
        }
    }

    /**
     * A car changed: its reading goes through its detector; what ends is queued for the writer.
     * Told after the metrics ({@link #AFTER_THE_METRICS}): the first reading may wait for the store to open.
     */
    void onChanged(@Observes @Priority(AFTER_THE_METRICS) FleetEvent.VehicleChanged changed) {
        var vehicle = fleet.vehicle(changed.vin()).orElse(null);
        if (vehicle == null) {
            return;
        }
        Reading reading = Reading.of(vehicle, config.settings().server().metricsLocation());
        if (reading == null) {
            return;
        }
        restoreOnce();
        SessionDetector detector = detectors.computeIfAbsent(changed.vin(), this::detector);
        List<Session> ended;
        String state = null;
        boolean urgent;
        synchronized (detector) {
            boolean wasInSession = detector.inSession();
            ended = detector.accept(reading);
            // a session that starts or ends is written within URGENT_WITHIN; one under way at most every STATE_EVERY
            // (a kill -9 then loses at most that much of its progress, never the session)
            urgent = !ended.isEmpty() || detector.inSession() != wasInSession;
            long now = System.nanoTime();
            Long written = stateWrittenAt.get(changed.vin());
            if (urgent || detector.inSession() && (written == null || now - written >= STATE_EVERY.toNanos())) {
                state = json.toJson(detector.state());
                stateWrittenAt.put(changed.vin(), now);
            }
        }
        synchronized (this) {
            for (Session s : ended) {
                if (waiting.size() >= MAX_WAITING) {
                    waiting.removeFirst();
                    dropped++;
                }
                waiting.addLast(s);
            }
            if (state != null) {
                dirty.put(changed.vin(), state);
            }
        }
        if (urgent) {
            flushSoon();
        }
    }

    /**
     * A write within {@link #URGENT_WITHIN}: one for what starts and ends within a second (a fleet's first
     * readings: one transaction, not one a car).
     */
    private void flushSoon() {
        if (writer != null && flushSoon.compareAndSet(false, true)) {
            writer.schedule(() -> {
                flushSoon.set(false);
                flush();
            }, URGENT_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A car's first reading here. Alone: a new detector (the open sessions were read back at the first reading).
     * In a cluster: the open session its last reader kept, else the one in the database, else none.
     */
    private SessionDetector detector(String vin) {
        if (clustered()) {
            // "" in the map: the car's last session ended (the database's copy read at start may be older)
            String state = cluster.map(OPEN).get(vin).orElse(restoredStates.get(vin));
            if (state != null && !state.isEmpty()) {
                try {
                    return SessionDetector.restore(vin, config.places(), json.fromJson(state, SessionDetector.State.class));
                } catch (JsonbException corrupt) {
                    complaints.log(Level.WARNING, "state", "The open session of " + vin + " taken over from another member"
                            + " cannot be read; it starts afresh: " + OneLine.rootCause(corrupt));
                }
            }
        }
        return new SessionDetector(vin, config.places());
    }

    /** The shared map of open sessions, by VIN. */
    static final String OPEN = "journal-open";

    private boolean clustered() {
        return cluster != null && cluster.clustered();
    }

    /**
     * A car left this member (its account, the selection, or in a cluster another member reads it now): its
     * session under way is written at once, so whoever reads it next continues it, and its detector goes.
     */
    void onRemoved(@Observes FleetEvent.VehicleRemoved removed) {
        SessionDetector detector = detectors.remove(removed.vin());
        stateWrittenAt.remove(removed.vin());
        if (detector == null) {
            return;
        }
        String state;
        synchronized (detector) {
            state = detector.inSession() ? json.toJson(detector.state()) : null;
        }
        if (state != null) {
            synchronized (this) {
                dirty.put(removed.vin(), state);
            }
            flushSoon();
        }
    }

    /**
     * Before the first reading: the store opened and each car's open session read back, so a session
     * under way at the last stop goes on. Bounded by the database's connect timeout, once; if the database
     * cannot be reached, the cars start afresh and the writer tries again later.
     */
    private void restoreOnce() {
        if (restored) {
            return;
        }
        synchronized (detectors) {
            if (restored) {
                return;
            }
            try {
                JournalStore s = openStore();
                if (clustered()) {
                    restoredStates = Map.copyOf(s.openStates());     // taken when each car arrives: see detector()
                }
                for (Map.Entry<String, String> e : clustered() ? Map.<String, String>of().entrySet() : s.openStates().entrySet()) {
                    try {
                        SessionDetector.State state = json.fromJson(e.getValue(), SessionDetector.State.class);
                        detectors.put(e.getKey(), SessionDetector.restore(e.getKey(), config.places(), state));
                    } catch (JsonbException corrupt) {
                        complaints.log(Level.WARNING, "state", "The journal's open session of " + e.getKey()
                                + " cannot be read; it starts afresh: " + OneLine.rootCause(corrupt));
                    }
                }
                LOG.info("Journal: " + where(config.settings().journal()) + ", " + detectors.size()
                        + " session(s) under way continued.");
                synchronized (flushing) {
                    count(s, List.of());
                }
            } catch (JournalException e) {
                failed(e);
            } finally {
                restored = true;
            }
        }
    }

    private synchronized JournalStore openStore() throws JournalException {
        if (store == null) {
            JournalSettings j = config.settings().journal();
            store = JournalStore.open(j.jdbcUrl(), j.user(), j.password().reveal());
            ok = true;
            problem = null;
        }
        return store;
    }

    /** Writes what waits: finished sessions, then the open states. In the writer thread (or at the stop), one at a time. */
    void flush() {
        synchronized (flushing) {
            flushNow();
        }
    }

    private void flushNow() {
        List<Session> batch;
        Map<String, String> states;
        synchronized (this) {
            if (waiting.isEmpty() && dirty.isEmpty() && store != null && counted) {
                return;
            }
            batch = new ArrayList<>(waiting);
            states = new HashMap<>(dirty);
        }
        boolean wasOk = ok;
        try {
            JournalStore s = openStore();
            List<Session> stored = s.save(batch);
            s.saveOpen(states, Clock.systemUTC().instant());
            synchronized (this) {
                for (int i = 0; i < batch.size() && !waiting.isEmpty(); i++) {
                    waiting.removeFirst();
                }
                states.forEach((vin, state) -> dirty.remove(vin, state));
            }
            if (clustered()) {
                SharedMap open = cluster.map(OPEN);
                states.forEach((vin, state) -> {
                    open.put(vin, state == null ? "" : state);
                });
            }
            count(s, stored);
            if (!wasOk) {
                LOG.info("Journal: written again (" + batch.size() + " session(s) that waited).");
            }
            ok = true;
            problem = null;
        } catch (JournalException | RuntimeException e) {
            failed(e);
            synchronized (this) {
                if (store != null) {
                    store.close();      // opened afresh next time: a connection that broke is not reused
                    store = null;
                }
            }
        }
    }

    /**
     * Tells what was stored: the database's sums the first time it can be read (they hold {@code stored}
     * already), then each batch. Holding {@link #flushing}.
     */
    private void count(JournalStore s, List<Session> stored) throws JournalException {
        if (!counted) {
            JournalTotals totals = s.totals();
            counted = true;
            fire(new JournalEvent.Counted(totals));
        } else if (!stored.isEmpty()) {
            fire(new JournalEvent.Stored(stored));
        }
    }

    private void fire(JournalEvent event) {
        if (events == null) {
            return;
        }
        try {
            events.fire(event);
        } catch (RuntimeException e) {      // a listener's failure: the journal is written all the same
            complaints.log(Level.WARNING, "event", "The journal's counters could not be told: " + OneLine.rootCause(e));
        }
    }

    private void failed(Exception e) {
        if (writeErrors != null) {
            writeErrors.inc();
        }
        ok = false;
        problem = OneLine.rootCause(e);
        complaints.log(Level.WARNING, "write", "The journal cannot be written (" + where(config.settings().journal()) + "): "
                + problem + "; " + waitingCount() + " finished session(s) wait in memory" + (droppedCount() == 0 ? ""
                : ", " + droppedCount() + " older one(s) gave way") + "; polling goes on.");
    }

    private synchronized long droppedCount() {
        return dropped;
    }

    private synchronized int waitingCount() {
        return waiting.size();
    }

    /** Whether the journal is written; why not, else null. */
    public boolean ok() {
        return ok;
    }

    public String problem() {
        return problem;
    }

    /** The store, for the journal's page and downloads; empty while it cannot be opened. */
    public synchronized java.util.Optional<JournalStore> store() {
        return java.util.Optional.ofNullable(store);
    }

    /** Where the journal is, safe to show: the H2 file, or PostgreSQL's host and database (no query, no password). */
    public static String where(JournalSettings j) {
        String url = j.jdbcUrl();
        if (j.embedded()) {
            int semi = url.indexOf(';');
            return "H2 file " + url.substring("jdbc:h2:".length(), semi < 0 ? url.length() : semi) + ".mv.db";
        }
        int q = url.indexOf('?');
        return "PostgreSQL " + url.substring("jdbc:postgresql://".length(), q < 0 ? url.length() : q);
    }
}

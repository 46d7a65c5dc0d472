package org.teslaexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rendered copy of the metrics text: served as it came, from memory, renewed in the background. */
class RenderedMetricsTest {

    private HttpServer upstream;
    private final AtomicInteger renders = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final RenderedMetrics rendered = new RenderedMetrics();

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/mp-metrics", x -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = renders.incrementAndGet();
            byte[] body = ("# TYPE tesla_x gauge\ntesla_x{mp_scope=\"application\"} " + n + ".0\nquery " + x.getRequestURI().getQuery()
                    + "\n").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        upstream.start();
        rendered.init(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/mp-metrics"));
    }

    @AfterEach
    void stop() {
        hold.countDown();
        rendered.close();
        upstream.stop(0);
    }

    /** The copy for a query string as a client writes it. */
    private java.util.concurrent.CompletableFuture<RenderedMetrics.Copy> get(String query) {
        return rendered.get(query == null ? MetricsQuery.ALL : MetricsQuery.parse(query).orElseThrow());
    }

    private RenderedMetrics.Copy copy(String query) throws Exception {
        return get(query).get(10, TimeUnit.SECONDS);
    }

    private static String text(RenderedMetrics.Copy c) {
        return new String(c.body(), StandardCharsets.UTF_8);
    }

    @Test
    void theTextIsServedAsItCameWithTheQueryPassedThrough() throws Exception {
        RenderedMetrics.Copy c = copy("scope=application");
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.contentType()).isEqualTo("text/plain; version=0.0.4");
        assertThat(text(c)).contains("tesla_x{mp_scope=\"application\"} 1.0", "query scope=application");
    }

    @Test
    void aFreshCopyIsServedFromMemoryWithoutRenderingAgain() throws Exception {
        copy(null);
        for (int i = 0; i < 100; i++) {
            assertThat(text(copy(null))).contains("} 1.0");
        }
        assertThat(renders.get()).isEqualTo(1);
    }

    @Test
    void aStaleCopyIsServedAtOnceWhileItIsRenewedInTheBackground() throws Exception {
        copy(null);
        hold = new CountDownLatch(1);       // the next rendering hangs
        Thread.sleep(1100);     // older than its 1 s minimum age
        long started = System.nanoTime();
        assertThat(text(copy(null))).as("the reader does not wait").contains("} 1.0");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(5);
        hold.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!text(copy(null)).contains("} 2.0") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(text(copy(null))).contains("} 2.0");
    }

    @Test
    void nothingIsRenderedWhileNothingChangesAndNobodyScrapes() throws Exception {
        copy("");
        Thread.sleep(2500);     // older than its 1 s age limit twice over
        assertThat(renders.get()).as("no renewal by age in the background: the idle cost").isEqualTo(1);
        copy("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (renders.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(renders.get()).as("a scrape that finds the copy old renews it").isEqualTo(2);
    }

    @Test
    void aFirstRenderingIsNeverWaitedForByTheCaller() throws Exception {
        hold = new CountDownLatch(1);       // the rendering hangs, as when every request thread is taken
        long started = System.nanoTime();
        var first = get("scope=application");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("get() returns at once").isLessThan(500);
        assertThat(first).isNotDone();
        hold.countDown();
        assertThat(text(first.get(10, TimeUnit.SECONDS))).contains("query scope=application");
    }

    @Test
    void queryStringsOverTheKeptNumberAreRefusedAtOnceNotRendered() throws Exception {
        hold = new CountDownLatch(1);
        for (int i = 0; i < RenderedMetrics.MAX_KEYS; i++) {
            get("scope=application&name=tesla_" + i);
        }
        long started = System.nanoTime();
        var over = get("scope=application&name=tesla_over");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(500);
        assertThat(over).isCompletedExceptionally();
        assertThatThrownBy(over::join).hasCauseInstanceOf(RenderedMetrics.BusyException.class);
        var whole = get("");
        assertThat(whole).as("the pages without a name are never crowded out").isNotCompletedExceptionally();
        hold.countDown();
        assertThat(text(whole.get(10, TimeUnit.SECONDS))).contains("query null");
        assertThat(text(copy("scope=application&name=tesla_0"))).as("the kept ones are served").contains("name=tesla_0");
        assertThat(renders.get()).as("the refused one was never rendered").isLessThanOrEqualTo(RenderedMetrics.MAX_KEYS + 1);
    }

    @Test
    void aCopyIsRenewedAfterTenTimesItsRenderingTimeWithinOneAndThirtySeconds() {
        long s = TimeUnit.SECONDS.toNanos(1);
        assertThat(copy(0, s / 1000, 0).maxAgeNanos()).isEqualTo(s);
        assertThat(copy(0, s, 0).maxAgeNanos()).isEqualTo(10 * s);
        assertThat(copy(0, 10 * s, 0).maxAgeNanos()).isEqualTo(30 * s);
    }

    private static RenderedMetrics.Copy copy(long renderedAt, long renderNanos, long generation) {
        return new RenderedMetrics.Copy(200, "", new byte[0], renderedAt, renderNanos, generation, renderNanos);
    }

    @Test
    void aChangeOfTheSeriesRenewsTheCopyOnceItIsFifteenTimesAsOldAsItsSteadyRenderingAndAtLeast100ms() {
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        RenderedMetrics.Copy c = copy(0, ms / 2, 7);
        assertThat(c.stale(120 * ms, 7, 1)).as("nothing changed, younger than 1 s").isFalse();
        assertThat(c.stale(99 * ms, 8, 1)).as("changed, but rendered less than 100 ms ago").isFalse();
        assertThat(c.stale(100 * ms, 8, 1)).as("changed, 100 ms old").isTrue();
        RenderedMetrics.Copy big = copy(0, 8 * ms, 7);
        assertThat(big.stale(110 * ms, 8, 1)).as("changed, younger than 15 renderings").isFalse();
        assertThat(big.stale(120 * ms, 8, 1)).isTrue();
        assertThat(c.stale(1001 * ms, 7, 1)).as("older than 1 s").isTrue();
        RenderedMetrics.Copy cold = new RenderedMetrics.Copy(200, "", new byte[0], 0, 80 * ms, 7, 80 * ms).after(c);
        assertThat(cold.stale(100 * ms, 8, 1)).as("a slow first rendering does not hold changes back").isTrue();
        // two query strings kept warm share the budget: each waits twice as long
        assertThat(big.stale(120 * ms, 8, 2)).as("changed, younger than 15 renderings of both").isFalse();
        assertThat(big.stale(240 * ms, 8, 2)).isTrue();
    }

    @Test
    void aChangeReachesTheCopyWellBeforeItsAgeLimitWhenRenderingIsQuick() throws Exception {
        copy(null);
        long took = 0;
        for (int n = 2; n <= 5; n++) {      // the first renderings of a JVM are slow; the last one is measured
            rendered.changed();
            long started = System.nanoTime();
            while (!text(copy(null)).contains("} " + n + ".0") && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(5);
            }
            assertThat(text(copy(null))).contains("} " + n + ".0");
            took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }
        assertThat(took).as("well before the 1 s age limit").isLessThan(500);
    }
}

package org.teslaexporter.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.TestClock;
import org.teslaexporter.config.SettingsReader;

/**
 * The login survives a full disk and a slow token endpoint: what the hostile review broke on a
 * running exporter (issue 8, items 1, 2 and 11), here on a real full file system (a 16 KiB tmpfs).
 */
class AccessTokensHardeningTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path tmp;

    private Path mounted;
    private final TestClock clock = new TestClock(NOW);
    private final List<Map<String, List<String>>> requests = new ArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private TokenEndpointClient rotatingEndpoint() {
        return form -> {
            synchronized (requests) {
                requests.add(form.asMap());
            }
            int n = issued.incrementAndGet();
            return Json.createObjectBuilder().add("access_token", "access-" + n).add("refresh_token", "refresh-" + n)
                    .add("expires_in", 28800).build();
        };
    }

    private AccessTokens start(Path tokenFile, TokenEndpointClient endpoint, java.util.concurrent.Executor executor,
            String totalTimeout) {
        var settings = SettingsReader.read(name -> switch (name) {
            case "TOKEN_FILE_PATH" -> Optional.of(tokenFile.toString());
            case "TESLA_CLIENT_ID" -> Optional.of("client-1");
            case "HTTP_TOTAL_TIMEOUT_SECONDS" -> Optional.of(totalTimeout);
            default -> Optional.empty();
        });
        AccessTokens t = new AccessTokens();
        t.init(settings, endpoint, clock, executor);
        return t;
    }

    /** Mounts a 16 KiB tmpfs (needs root, as in CI); the test is skipped with a notice where that is impossible. */
    private Path smallFileSystem() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("small"));
        boolean ok;
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException noMount) {
            ok = false;
        }
        assumeTrue(ok, "NOTICE: cannot mount a tmpfs here (not root?): the full-disk test is skipped");
        mounted = dir;
        return dir;
    }

    private static void fill(Path dir) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
            byte[] block = new byte[512];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space")) {
                throw full;
            }
        }
    }

    @Test
    void aFullDiskNeverLosesTheLoginAndTheNextSuccessfulSaveCatchesUp() throws Exception {
        Path dir = smallFileSystem();
        Path tokenFile = dir.resolve("token.json");
        new TokenFile(tokenFile).write(new Tokens("access-0", "refresh-0", NOW.plusSeconds(60), NOW.minusSeconds(3600)));
        fill(dir);

        AccessTokens tokens = start(tokenFile, rotatingEndpoint(), Runnable::run, "5");
        assertThat(tokens.bearer()).as("the refreshed pair is in use though it could not be saved").contains("Bearer access-1");
        assertThat(tokens.saved()).isFalse();
        assertThat(tokens.describe()).contains("COULD NOT BE SAVED");
        assertThat(Files.readString(tokenFile)).contains("refresh-0");
        assertThat(dir.resolve("token.json.new")).as("no empty or partial quick copy left behind").doesNotExist();

        // polls go on with the pair in memory: no second refresh, nothing on disk replaces it
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(tokens.bearer()).contains("Bearer access-1");
        }
        // someone touches the old file (a backup restore, an editor): still older than memory
        Files.setLastModifiedTime(tokenFile, java.nio.file.attribute.FileTime.from(NOW.plusSeconds(3)));
        assertThat(tokens.bearer()).contains("Bearer access-1");
        assertThat(tokens.status()).isEqualTo(AccessTokens.Status.OK);
        assertThat(requests).as("refresh-0 is spent and never sent again").hasSize(1);

        Files.delete(dir.resolve("filler"));
        clock.advance(AccessTokens.SAVE_RETRY);
        assertThat(tokens.bearer()).contains("Bearer access-1");
        assertThat(tokens.saved()).as("the next successful save catches up").isTrue();
        assertThat(new TokenFile(tokenFile).read().orElseThrow().refreshToken()).isEqualTo("refresh-1");
    }

    @Test
    void anEmptyOrCorruptFileNeverReplacesTheLoginInMemory() throws Exception {
        Path tokenFile = tmp.resolve("token.json");
        new TokenFile(tokenFile).write(new Tokens("access-0", "refresh-0", NOW.plusSeconds(60), NOW.minusSeconds(3600)));
        AccessTokens tokens = start(tokenFile, rotatingEndpoint(), Runnable::run, "5");
        assertThat(tokens.bearer()).contains("Bearer access-1");
        Files.writeString(tokenFile, "");
        Files.setLastModifiedTime(tokenFile, java.nio.file.attribute.FileTime.from(NOW.plusSeconds(7)));
        assertThat(tokens.bearer()).contains("Bearer access-1");
        assertThat(tokens.status()).isEqualTo(AccessTokens.Status.OK);
        clock.advance(AccessTokens.SAVE_RETRY);
        tokens.bearer();
        assertThat(new TokenFile(tokenFile).read().orElseThrow().refreshToken()).as("written back over the broken file")
                .isEqualTo("refresh-1");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aSlowTokenEndpointStallsNoReaderAndOnlyOneRefreshRuns() throws Exception {
        Path tokenFile = tmp.resolve("token.json");
        new TokenFile(tokenFile).write(new Tokens("access-0", "refresh-0", NOW.minusSeconds(1), NOW.minusSeconds(3600)));
        CountDownLatch release = new CountDownLatch(1);
        TokenEndpointClient rotating = rotatingEndpoint();
        TokenEndpointClient slow = form -> {
            try {
                release.await(60, TimeUnit.SECONDS);    // Tesla's answer drips in
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return rotating.token(form);
        };
        ExecutorService refresher = Executors.newSingleThreadExecutor();
        ExecutorService pollers = Executors.newFixedThreadPool(5);
        try {
            AccessTokens tokens = start(tokenFile, slow, refresher, "1");
            List<Future<Optional<String>>> polls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                polls.add(pollers.submit(tokens::bearer));
            }
            // what scrapes and the set-up page read answers at once while the refresh hangs
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (int i = 0; i < 1000; i++) {
                    tokens.status();
                    tokens.saved();
                    tokens.describe();
                    tokens.accessTokenExpiry();
                }
            });
            // pollers give up after HTTP_TOTAL_TIMEOUT_SECONDS (1 s here), without a token
            for (Future<Optional<String>> poll : polls) {
                assertThat(poll.get(10, TimeUnit.SECONDS)).isEmpty();
            }
            assertThat(tokens.refreshing()).isTrue();
            release.countDown();
            refresher.shutdown();
            assertThat(refresher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tokens.bearer()).as("the late answer is saved and used, not abandoned").contains("Bearer access-1");
            assertThat(new TokenFile(tokenFile).read().orElseThrow().refreshToken()).isEqualTo("refresh-1");
            assertThat(requests).as("one refresh for five waiting pollers").hasSize(1);
        } finally {
            release.countDown();
            refresher.shutdownNow();
            pollers.shutdownNow();
        }
    }
}

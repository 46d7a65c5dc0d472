package org.teslaexporter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppKeysTest {

    @TempDir
    Path dir;

    @Test
    void concurrentFirstCallsMakeOnePairWhosePublicHalfIsServed() throws Exception {
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AppKeys.Status>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                Callable<AppKeys.Status> call = () -> {
                    go.await();
                    return AppKeys.ensure(dir).status();
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            List<AppKeys.Status> statuses = new ArrayList<>();
            for (Future<AppKeys.Status> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).allMatch(AppKeys.Status::ready);
            assertThat(statuses.stream().filter(AppKeys.Status::generated)).hasSize(1);
            String onDisk = Files.readString(dir.resolve(AppKeys.PUBLIC));
            assertThat(statuses).allMatch(s -> s.publicKeyPem().equals(onDisk));
        } finally {
            pool.shutdownNow();
        }
        KeyPair pair = AppKeys.load(dir);     // throws unless the halves belong together
        assertThat(AppKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded())).isEqualTo(Files.readString(dir.resolve(AppKeys.PUBLIC)));
        assertThat(Files.getPosixFilePermissions(dir.resolve(AppKeys.PRIVATE))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(AppKeys.PRIVATE, AppKeys.PUBLIC);
        }
    }

    @Test
    void halvesOfTwoPairsAreRefused() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        assertThat(AppKeys.ensure(dir).status().ready()).isTrue();
        assertThat(AppKeys.ensure(other).status().ready()).isTrue();
        Files.copy(other.resolve(AppKeys.PUBLIC), dir.resolve(AppKeys.PUBLIC), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        AppKeys.Status mixed = AppKeys.ensure(dir).status();

        assertThat(mixed.ready()).isFalse();
        assertThat(mixed.publicKeyPem()).as("a public key that does not match is not served").isNull();
        assertThat(mixed.problem()).contains("is not the public half of " + AppKeys.PRIVATE);
    }

    @Test
    void aSecondStartFindsThePairAndGeneratesNothing() throws Exception {
        AppKeys.Status first = AppKeys.ensure(dir).status();
        AppKeys.Status second = AppKeys.ensure(dir).status();
        assertThat(first.generated()).isTrue();
        assertThat(second.generated()).isFalse();
        assertThat(second.publicKeyPem()).isEqualTo(first.publicKeyPem());
    }

    @Test
    void theMembersOfAClusterServeAndSignWithTheFirstMembersPair() throws Exception {
        org.teslaexporter.cluster.SharedMap shared = org.teslaexporter.cluster.SharedMap.local(10, java.time.Clock.systemUTC());
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Path c = Files.createDirectory(dir.resolve("c"));
        AppKeys.Found first = AppKeys.agree(AppKeys.ensure(a), a, shared);
        AppKeys.Found second = AppKeys.agree(AppKeys.ensure(b), b, shared);
        assertThat(first.status().ready()).isTrue();
        assertThat(second.status().ready()).isTrue();
        assertThat(second.status().publicKeyPem()).as("the member that generated its own takes the first's").isEqualTo(first.status().publicKeyPem());
        assertThat(Files.readString(b.resolve(AppKeys.PUBLIC))).isEqualTo(Files.readString(a.resolve(AppKeys.PUBLIC)));
        assertThat(AppKeys.load(b).getPrivate()).isEqualTo(first.pair().getPrivate());
        assertThat(Files.getPosixFilePermissions(b.resolve(AppKeys.PRIVATE))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(AppKeys.agree(AppKeys.ensure(a), a, shared).status().ready()).as("a restart agrees with itself").isTrue();
        // a member that brought a pair of its own is not ready: the page says what to copy; its files stay as they were
        AppKeys.ensure(c);
        String own = Files.readString(c.resolve(AppKeys.PUBLIC));
        AppKeys.Found third = AppKeys.agree(AppKeys.ensure(c), c, shared);
        assertThat(third.status().ready()).isFalse();
        assertThat(third.status().problem()).contains("not the one the other members of the cluster use", "copy private-key.pem");
        assertThat(Files.readString(c.resolve(AppKeys.PUBLIC))).isEqualTo(own);
    }
}

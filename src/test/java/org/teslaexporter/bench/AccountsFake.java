package org.teslaexporter.bench;

import static org.teslaexporter.bench.FleetFake.send;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Tesla of many accounts, for the accounts benchmark ({@code src/bench/accounts-benchmark.sh}):
 * {@code ACCOUNTS} accounts {@code acct-0 …} of {@code CARS} cars each, all online and driving. Each
 * account's refresh token is single use (a reused one is counted and refused) and its access tokens
 * live {@code LIFETIME} seconds; the first {@code REVOKED} accounts' refreshes are refused
 * ({@code login_required}), the next {@code HANGING} accounts' are never answered. It writes each
 * account's token file into {@code DATA/accounts/acct-N/token.json}. {@code GET /stats}: data reads,
 * cars read, refreshes, reused refresh tokens, and the longest and the shortest wait between two reads of any
 * car of a good account since {@code GET /stats/reset}. Not a test; run with {@code java -cp target/test-classes}
 * (it listens on 127.0.0.1, or on the address {@code -Dfake.bind} names: containers reach it at their gateway).
 *
 * <pre>java -cp target/test-classes org.teslaexporter.bench.AccountsFake PORT ACCOUNTS CARS REVOKED HANGING LIFETIME DATA FIXTURE</pre>
 */
public final class AccountsFake {

    private AccountsFake() {
    }

    /** One account's current pair. */
    private static final class Account {
        volatile int n;
        final boolean revoked;
        final boolean hanging;

        Account(boolean revoked, boolean hanging) {
            this.revoked = revoked;
            this.hanging = hanging;
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int accounts = Integer.parseInt(args[1]);
        int cars = Integer.parseInt(args[2]);
        int revoked = Integer.parseInt(args[3]);
        int hanging = Integer.parseInt(args[4]);
        int lifetime = Integer.parseInt(args[5]);
        Path data = Path.of(args[6]);
        String fixture = Files.readString(Path.of(args[7]));
        String fixtureVin = "5YJ3E1EA1KF000001";
        AtomicLong reads = new AtomicLong();
        AtomicLong refreshes = new AtomicLong();
        AtomicLong reused = new AtomicLong();
        Map<String, Long> lastRead = new ConcurrentHashMap<>();
        Map<String, Long> longestGap = new ConcurrentHashMap<>();
        AtomicLong shortestGap = new AtomicLong(Long.MAX_VALUE);
        long[] since = {System.currentTimeMillis()};
        Account[] all = new Account[accounts];
        String[] lists = new String[accounts];
        long now = System.currentTimeMillis() / 1000;
        for (int a = 0; a < accounts; a++) {
            all[a] = new Account(a < revoked, a >= revoked && a < revoked + hanging);
            StringBuilder list = new StringBuilder("{\"response\":[");
            for (int c = 0; c < cars; c++) {
                String vin = String.format("5YJ3E1EA1K%03d%04d", a, c);
                list.append(c == 0 ? "" : ",").append("{\"id\":").append(c).append(",\"vin\":\"").append(vin)
                        .append("\",\"display_name\":\"Car ").append(a).append('-').append(c).append("\",\"state\":\"online\"}");
            }
            lists[a] = list.append("],\"count\":").append(cars).append('}').toString();
            Path folder = Files.createDirectories(data.resolve("accounts").resolve("acct-" + a));
            // the bad accounts' access tokens have expired: they must refresh at once
            long expires = all[a].revoked || all[a].hanging ? now - 60 : now + 30 + (a % 30);
            Files.writeString(folder.resolve("token.json"), "{\"access_token\":\"acct-" + a + "-access-0\",\"refresh_token\":\"acct-" + a
                    + "-refresh-0\",\"expires_at\":" + expires + ",\"created_at\":" + (now - 3600) + "}\n");
        }

        HttpServer server = HttpServer.create(new InetSocketAddress(System.getProperty("fake.bind", "127.0.0.1"), port), 512);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/stats", x -> {
            if (x.getRequestURI().getPath().endsWith("/reset")) {
                since[0] = System.currentTimeMillis();
                longestGap.clear();
                lastRead.clear();
                shortestGap.set(Long.MAX_VALUE);
            }
            long gap = 0;
            for (Map.Entry<String, Long> e : lastRead.entrySet()) {
                gap = Math.max(gap, Math.max(longestGap.getOrDefault(e.getKey(), 0L), System.currentTimeMillis() - e.getValue()));
            }
            send(x, 200, "reads " + reads.get() + "\ncars_read " + lastRead.size() + "\nrefreshes " + refreshes.get()
                    + "\nreused " + reused.get() + "\nlongest_gap_ms " + gap + "\nshortest_gap_ms "
                    + (shortestGap.get() == Long.MAX_VALUE ? -1 : shortestGap.get()) + "\n");
        });
        server.createContext("/oauth2/v3/token", x -> {
            String form = new String(x.getRequestBody().readNBytes(8192), StandardCharsets.UTF_8);
            String presented = "";
            for (String pair : form.split("&")) {
                if (pair.startsWith("refresh_token=")) {
                    presented = URLDecoder.decode(pair.substring("refresh_token=".length()), StandardCharsets.UTF_8);
                }
            }
            String[] p = presented.split("-");     // acct-A-refresh-N
            if (p.length != 4) {
                send(x, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            Account account = all[Integer.parseInt(p[1])];
            if (account.hanging) {
                sleep(600_000);
                x.close();
                return;
            }
            if (account.revoked) {
                send(x, 401, "{\"error\":\"login_required\"}");
                return;
            }
            String body;
            synchronized (account) {
                if (Integer.parseInt(p[3]) != account.n) {
                    reused.incrementAndGet();
                    send(x, 400, "{\"error\":\"invalid_grant\"}");
                    return;
                }
                int n = ++account.n;
                refreshes.incrementAndGet();
                body = "{\"access_token\":\"acct-" + p[1] + "-access-" + n + "\",\"refresh_token\":\"acct-" + p[1] + "-refresh-" + n
                        + "\",\"expires_in\":" + lifetime + "}";
            }
            send(x, 200, body);
        });
        server.createContext("/api/1/vehicles", x -> {
            String auth = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
            String[] t = auth.replace("Bearer ", "").split("-");     // acct-A-access-N
            // as Tesla's, an access token stays good after the refresh that replaced it (the cluster benchmark's
            // members take the newest pair from the cluster a moment after the refresh)
            if (t.length != 4 || all[Integer.parseInt(t[1])].n < Integer.parseInt(t[3])) {
                send(x, 401, "{\"error\":\"token expired (401)\"}");
                return;
            }
            int a = Integer.parseInt(t[1]);
            String[] parts = x.getRequestURI().getPath().split("/");
            if (parts.length == 4) {
                send(x, 200, lists[a]);
            } else if (parts.length == 5) {
                send(x, 200, "{\"response\":{\"vin\":\"" + parts[4] + "\",\"state\":\"online\"}}");
            } else {
                reads.incrementAndGet();
                long at = System.currentTimeMillis();
                Long before = lastRead.put(parts[4], at);
                if (before != null) {
                    longestGap.merge(parts[4], at - before, Math::max);
                    shortestGap.accumulateAndGet(at - before, Math::min);
                }
                send(x, 200, fixture.replace(fixtureVin, parts[4]));
            }
        });
        server.start();
        System.out.println("accounts fake: " + accounts + " accounts x " + cars + " cars on port " + port);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

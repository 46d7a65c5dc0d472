package org.teslaexporter.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.teslaexporter.Fixtures;

/**
 * An in-process Tesla for several accounts (token endpoint and Fleet API): each account's refresh
 * token maps to its own cars, and a refresh token can be used once, as Tesla does — the old one is
 * refused after the rotation. Access tokens are JWTs naming the account's user ({@code sub}), and
 * live {@link #LIFETIME_SECONDS}: barely over the exporter's ten minutes of refreshing ahead, so every
 * account refreshes every few seconds. An account can be revoked (its refresh refused with
 * {@code login_required}) or hang (its token requests never answered while the test runs).
 */
final class AccountsTesla implements AutoCloseable {

    /** The exporter refreshes ten minutes ahead: this lifetime makes it refresh every ~4 s. */
    static final int LIFETIME_SECONDS = 604;

    final class User {
        final String sub;
        final List<String> vins;
        volatile String refresh;
        volatile String access;
        volatile int rotations;
        volatile boolean revoked;
        volatile boolean hangs;

        User(String sub, List<String> vins) {
            this.sub = sub;
            this.vins = vins;
            this.refresh = sub + "-refresh-0";
            this.access = accessToken(sub, 0);
        }
    }

    final Map<String, User> users = new ConcurrentHashMap<>();
    /** Who logs in at Tesla's authorize page next (the test sets it); its code is good once, with its PKCE verifier. */
    volatile User nextLogin;
    /** Authorization code → who logged in and the PKCE challenge the code was asked with. */
    private final Map<String, Map.Entry<User, String>> codes = new ConcurrentHashMap<>();
    /** Authorization codes presented again, or with the wrong verifier. */
    final List<String> badCodes = new CopyOnWriteArrayList<>();
    /** When each car's {@code vehicle_data} was read (ms). */
    final Map<String, List<Long>> dataCalls = new ConcurrentHashMap<>();
    /** Refresh tokens presented that were already spent. */
    final List<String> reused = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile boolean closing;

    AccountsTesla() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/oauth2/v3/token", this::token);
        server.createContext("/oauth2/v3/authorize", this::authorize);
        server.createContext("/api/1/vehicles", this::api);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    User add(String sub, String... vins) {
        User u = new User(sub, List.of(vins));
        users.put(sub, u);
        for (String vin : vins) {
            dataCalls.put(vin, new CopyOnWriteArrayList<>());
        }
        return u;
    }

    static String accessToken(String sub, int n) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + sub + "\",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    /** A token file in the earlier exporter's format holding the user's current pair; {@code expired}: its access token is. */
    String tokenFile(User u, boolean expired) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"access_token\":\"" + u.access + "\",\"refresh_token\":\"" + u.refresh + "\",\"expires_at\":"
                + (expired ? now - 60 : now + LIFETIME_SECONDS) + ",\"created_at\":" + (now - 3600) + "}";
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> form = new HashMap<>();
        for (String pair : encoded == null ? new String[0] : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** Tesla's login page, passed at once by {@link #nextLogin}: back to the redirect URI with a code and the state. */
    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        User who = nextLogin;
        if (who == null || !"S256".equals(q.get("code_challenge_method"))) {
            send(x, 400, "{\"error\":\"nobody logs in\"}");
            return;
        }
        String code = who.sub + "-code-" + codes.size();
        codes.put(code, Map.entry(who, q.get("code_challenge")));
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> form = form(new String(x.getRequestBody().readNBytes(8192), StandardCharsets.UTF_8));
        if ("authorization_code".equals(form.get("grant_type"))) {
            Map.Entry<User, String> login = codes.remove(form.getOrDefault("code", ""));
            String verifier = form.getOrDefault("code_verifier", "");
            if (login == null || !login.getValue().equals(org.teslaexporter.auth.LoginStates.sha256(verifier))) {
                badCodes.add(form.getOrDefault("code", ""));
                send(x, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            User u = login.getKey();
            send(x, 200, "{\"access_token\":\"" + u.access + "\",\"refresh_token\":\"" + u.refresh
                    + "\",\"expires_in\":" + LIFETIME_SECONDS + ",\"token_type\":\"Bearer\"}");
            return;
        }
        String presented = form.getOrDefault("refresh_token", "");
        User user = users.values().stream().filter(u -> presented.startsWith(u.sub + "-refresh-")).findFirst().orElse(null);
        if (user == null) {
            send(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        if (user.hangs) {
            while (!closing) {      // Tesla never answers this account's token requests
                sleep(200);
            }
            x.close();
            return;
        }
        String body;
        synchronized (user) {
            if (user.revoked) {
                send(x, 401, "{\"error\":\"login_required\"}");
                return;
            }
            if (!presented.equals(user.refresh)) {
                reused.add(presented);
                send(x, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token already used\"}");
                return;
            }
            int n = ++user.rotations;
            user.refresh = user.sub + "-refresh-" + n;
            user.access = accessToken(user.sub, n);
            body = "{\"access_token\":\"" + user.access + "\",\"refresh_token\":\"" + user.refresh
                    + "\",\"id_token\":\"x\",\"expires_in\":" + LIFETIME_SECONDS + ",\"token_type\":\"Bearer\"}";
        }
        send(x, 200, body);
    }

    private void api(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        User user = users.values().stream().filter(u -> ("Bearer " + u.access).equals(auth)).findFirst().orElse(null);
        if (user == null) {
            send(x, 401, "{\"error\":\"token expired (401)\"}");
            return;
        }
        String path = x.getRequestURI().getPath();
        if (path.equals("/api/1/vehicles")) {
            StringBuilder list = new StringBuilder("{\"response\":[");
            for (int i = 0; i < user.vins.size(); i++) {
                list.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 1).append(",\"vin\":\"").append(user.vins.get(i))
                        .append("\",\"display_name\":\"").append(user.sub).append(" car ").append(i + 1).append("\",\"state\":\"online\"}");
            }
            send(x, 200, list.append("],\"count\":").append(user.vins.size()).append("}").toString());
            return;
        }
        String vin = path.substring("/api/1/vehicles/".length()).split("/")[0];
        if (!user.vins.contains(vin)) {
            send(x, 404, "{\"error\":\"not_found\"}");
        } else if (path.endsWith("/vehicle_data")) {
            dataCalls.get(vin).add(System.currentTimeMillis());
            send(x, 200, Fixtures.own("vehicle_data.driving.json"));
        } else {
            send(x, 200, "{\"response\":{\"id\":1,\"vin\":\"" + vin + "\",\"state\":\"online\"}}");
        }
    }

    /** The longest wait between two reads of {@code vin}'s data from {@code sinceMs} on, ms. */
    long longestGap(String vin, long sinceMs) {
        List<Long> calls = dataCalls.get(vin).stream().filter(t -> t >= sinceMs).sorted().toList();
        long gap = calls.isEmpty() ? Long.MAX_VALUE : calls.get(0) - sinceMs;
        for (int i = 1; i < calls.size(); i++) {
            gap = Math.max(gap, calls.get(i) - calls.get(i - 1));
        }
        return gap;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        server.stop(0);
    }
}

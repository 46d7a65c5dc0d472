package org.teslaexporter.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Form;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.auth.TokenEndpointClient;
import org.teslaexporter.auth.TokenRefusedException;
import org.teslaexporter.config.ClusterSettings;
import org.teslaexporter.config.Secret;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

/**
 * One member of {@link RandomKillsTest}'s cluster, in a process of its own so that {@code kill -9} stops it
 * wherever it is: a Hazelcast member (CP subsystem of three, failure detection in seconds) and one account's
 * login over it, asking Tesla through HTTP, as busy as a poller (a token every 100 ms, the cluster's pair
 * compared every 15 s as the account registry does). It writes what it sees to {@code member-<i>/status}
 * ({@code login=OK cp=3 inside=true}: its login, the fewest members of a CP group, whether it is one of them) for the
 * test to read.
 * <p>
 * Arguments: the member's number (0–2), the first of the three Hazelcast ports, the folder of the members'
 * data, Tesla's token URL.
 */
public final class RefreshingMember {

    static final String SECRET = "random-kills-secret-0123456789";

    private RefreshingMember() {
    }

    public static void main(String[] args) throws Exception {
        int self = Integer.parseInt(args[0]);
        int base = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]).resolve("member-" + self);
        String list = IntStream.range(0, 3).mapToObj(m -> "127.0.0.1:" + (base + m)).collect(Collectors.joining(","));
        Config config = HazelcastClusterTest.member("kills-" + base, base + self, list);
        config.setProperty("hazelcast.logging.type", "jdk");      // its warnings in the member's log, for a failure to explain
        java.util.logging.Logger.getLogger("com.hazelcast").setLevel(java.util.logging.Level.WARNING);
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "3");
        config.getCPSubsystemConfig().setCPMemberCount(3).setSessionTimeToLiveSeconds(4).setSessionHeartbeatIntervalSeconds(1)
                .setMissingCPMemberAutoRemovalSeconds(4);
        // a CP group's leader killed is replaced after 3 s (Hazelcast's default is 25 s, docker/hazelcast.xml's 10 s)
        config.getCPSubsystemConfig().getRaftAlgorithmConfig().setLeaderHeartbeatPeriodInMillis(1000).setMaxMissedLeaderHeartbeatCount(3);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
        Cluster cluster = ClusterProducer.over(hazelcast, new ClusterSettings(List.of("a", "b", "c"), null, 3, new Secret(SECRET)));
        Settings settings = SettingsReader.read(name -> Optional.ofNullable(Map.of("TESLA_CLIENT_ID", "client",
                "HTTP_TOTAL_TIMEOUT_SECONDS", "3").get(name)));
        AccessTokens login = AccessTokens.of(settings, dir.resolve("token.json"), new HttpTokenEndpoint(URI.create(args[3] + "/m" + self)),
                "family", cluster.guarded("family").orElseThrow());
        long nextSync = 0;
        while (true) {
            login.bearer();
            if (System.currentTimeMillis() >= nextSync) {
                login.sync();
                nextSync = System.currentTimeMillis() + 15_000;
            }
            status(dir, login, hazelcast);
            Thread.sleep(100);
        }
    }

    private static void status(Path dir, AccessTokens login, HazelcastInstance hazelcast) throws IOException {
        // the CP subsystem is whole once each of its groups has its three members again (a member promoted into it joins
        // its groups a moment after it appears among its members): until then one more kill could take a group's majority
        int cp;
        try {
            var management = hazelcast.getCPSubsystem().getCPSubsystemManagementService();
            cp = management.getCPMembers().toCompletableFuture().get(1, TimeUnit.SECONDS).size();
            for (var group : management.getCPGroupIds().toCompletableFuture().get(1, TimeUnit.SECONDS)) {
                cp = Math.min(cp, management.getCPGroup(group.getName()).toCompletableFuture().get(1, TimeUnit.SECONDS).members().size());
            }
        } catch (Exception e) {
            cp = 0;
        }
        String line = "login=" + login.status() + " cp=" + cp + " inside=" + (hazelcast.getCPSubsystem().getLocalCPMember() != null) + "\n";
        Path next = dir.resolve("status.new");
        Files.writeString(next, line);
        Files.move(next, dir.resolve("status"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Tesla's token endpoint over HTTP, as the REST client meets it: 400/401 a refusal, anything else unreachable. */
    private static final class HttpTokenEndpoint implements TokenEndpointClient {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final URI uri;

        HttpTokenEndpoint(URI uri) {
            this.uri = uri;
        }

        @Override
        public JsonObject token(Form form) {
            String body = form.asMap().entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue().get(0), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            HttpResponse<String> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new ProcessingException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProcessingException(e);
            }
            if (answer.statusCode() == 400 || answer.statusCode() == 401) {
                throw new TokenRefusedException(answer.statusCode(), "invalid_grant", true);
            }
            if (answer.statusCode() != 200) {
                throw new ProcessingException("Tesla answered " + answer.statusCode());
            }
            try (var reader = Json.createReader(new StringReader(answer.body()))) {
                return reader.readObject();
            }
        }
    }
}

package org.teslaexporter.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Form;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.teslaexporter.auth.TokenEndpointClient;
import org.teslaexporter.auth.TokenRefusedException;

/**
 * Tesla's token endpoint for one account, as the cluster's tests meet it: each refresh token is good once,
 * as Tesla's is; a token presented again (or an old one) is refused and noted in {@link #reused}.
 */
final class SingleUseEndpoint implements TokenEndpointClient {
    final Set<String> spent = ConcurrentHashMap.newKeySet();
    final List<String> reused = new CopyOnWriteArrayList<>();
    final AtomicInteger issued = new AtomicInteger();
    volatile String current = "refresh-0";
    /** How long each new access token lives, in seconds (Tesla's: 8 hours). */
    volatile long expiresIn = 28800;
    private final long answerMillis;

    /** @param answerMillis how long each answer takes (a refresh in flight for a while) */
    SingleUseEndpoint(long answerMillis) {
        this.answerMillis = answerMillis;
    }

    /**
     * Member {@code member}'s token file under {@code dir} holding this endpoint's first pair (refresh-0), issued
     * {@code ageSeconds} ago and expiring in {@code expiresInSeconds}: the login on a member's disk.
     */
    static Path firstPair(Path dir, int member, long expiresInSeconds, long ageSeconds) throws IOException {
        return pairOnDisk(dir, member, 0, expiresInSeconds, ageSeconds);
    }

    /** The same with this endpoint's {@code n}-th pair (access-n, refresh-n). */
    static Path pairOnDisk(Path dir, int member, int n, long expiresInSeconds, long ageSeconds) throws IOException {
        long now = System.currentTimeMillis() / 1000;
        Path file = Files.createDirectories(dir.resolve("member-" + member)).resolve("token.json");
        Files.writeString(file, "{\"access_token\":\"access-" + n + "\",\"refresh_token\":\"refresh-" + n + "\",\"expires_at\":"
                + (now + expiresInSeconds) + ",\"created_at\":" + (now - ageSeconds) + "}");
        return file;
    }

    @Override
    public synchronized JsonObject token(Form form) {
        String presented = form.asMap().getFirst("refresh_token");
        if (!spent.add(presented) || !presented.equals(current)) {
            reused.add(presented);
            throw new TokenRefusedException(400, "invalid_grant", true);
        }
        int n = issued.incrementAndGet();
        current = "refresh-" + n;
        try {
            Thread.sleep(answerMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Json.createObjectBuilder().add("access_token", "access-" + n).add("refresh_token", current)
                .add("expires_in", expiresIn).build();
    }
}

package org.teslaexporter.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The Compose {@code public} profile's Caddy, as a test runs it: Debian's {@code caddy} with the
 * project's {@code docker/public/Caddyfile}, plain HTTP on a free local port instead of the domain
 * (no certificate to get), in front of {@code upstream}.
 */
final class PublicProxy implements AutoCloseable {

    static final Path CADDY = Path.of("/usr/bin/caddy");

    final int port;
    private final Process caddy;

    private PublicProxy(int port, Process caddy) {
        this.port = port;
        this.caddy = caddy;
    }

    /** Starts Caddy in front of {@code upstream} (host:port) and waits until it answers. */
    static PublicProxy start(Path work, String upstream) throws IOException, InterruptedException {
        Files.createDirectories(work);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(CADDY.toString(), "run", "--config",
                Path.of("docker/public/Caddyfile").toAbsolutePath().toString(), "--adapter", "caddyfile")
                .redirectErrorStream(true).redirectOutput(work.resolve("caddy.log").toFile());
        pb.environment().put("TESLA_DOMAIN", "http://127.0.0.1:" + port);
        pb.environment().put("EXPORTER_UPSTREAM", upstream);
        pb.environment().put("XDG_DATA_HOME", work.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", work.resolve("config").toString());
        pb.environment().put("HOME", work.toString());
        PublicProxy proxy = new PublicProxy(port, pb.start());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                http.send(HttpRequest.newBuilder(proxy.uri("/")).build(), HttpResponse.BodyHandlers.discarding());
                return proxy;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        proxy.close();
        throw new IllegalStateException("Caddy did not answer within 30 s; see " + work.resolve("caddy.log"));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws InterruptedException {
        caddy.destroy();
        caddy.waitFor(10, TimeUnit.SECONDS);
    }
}

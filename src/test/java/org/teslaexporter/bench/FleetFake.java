package org.teslaexporter.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Fleet API that holds a whole fleet, for the fleet benchmark ({@code src/bench/fleet-benchmark.sh}):
 * {@code N} cars, all online and driving, each answering {@code vehicle_data} with the project's
 * driving fixture under its own VIN. {@code GET /stats} says how many data reads it served and for
 * how many distinct cars. Not a test; run with {@code java -cp target/test-classes}.
 *
 * <pre>java -cp target/test-classes org.teslaexporter.bench.FleetFake PORT CARS FIXTURE</pre>
 */
public final class FleetFake {

    private FleetFake() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int cars = Integer.parseInt(args[1]);
        String fixture = Files.readString(Path.of(args[2]));
        String fixtureVin = "5YJ3E1EA1KF000001";
        AtomicLong reads = new AtomicLong();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        String[] vins = new String[cars];
        StringBuilder list = new StringBuilder("{\"response\":[");
        for (int i = 0; i < cars; i++) {
            vins[i] = String.format("5YJ3E1EA1KF%06d", 100000 + i);
            list.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"vin\":\"").append(vins[i])
                    .append("\",\"display_name\":\"Fleet car ").append(i).append("\",\"state\":\"online\"}");
        }
        String vehicles = list.append("],\"count\":").append(cars).append('}').toString();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/stats", x -> send(x, 200, "reads " + reads.get() + "\ncars_read " + seen.size() + "\n"));
        server.createContext("/oauth2/v3/token", x -> send(x, 200,
                "{\"access_token\":\"fleet-access\",\"refresh_token\":\"fleet-refresh\",\"expires_in\":28800}"));
        server.createContext("/api/1/vehicles", x -> {
            String[] parts = x.getRequestURI().getPath().split("/");
            if (parts.length == 4) {
                send(x, 200, vehicles);
            } else if (parts.length == 5) {
                send(x, 200, "{\"response\":{\"vin\":\"" + parts[4] + "\",\"state\":\"online\"}}");
            } else {
                reads.incrementAndGet();
                seen.add(parts[4]);
                send(x, 200, fixture.replace(fixtureVin, parts[4]));
            }
        });
        server.start();
        System.out.println("fleet fake with " + cars + " cars on port " + port);
    }

    /** Answers {@code body} (JSON when it starts with a brace, else text), after reading the request. */
    static void send(HttpExchange x, int status, String body) throws IOException {
        x.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}

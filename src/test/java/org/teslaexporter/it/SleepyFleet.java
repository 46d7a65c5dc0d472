package org.teslaexporter.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process fake Fleet API whose cars behave like real ones where sleep is concerned: a parked,
 * idle car falls asleep after {@link #FALLS_ASLEEP_AFTER_MS} without a {@code vehicle_data} call;
 * asleep, it answers 408 and only a drive (the test's "owner") wakes it. Reading the list or a
 * vehicle's state never keeps it awake. Every request is recorded.
 */
final class SleepyFleet implements AutoCloseable {

    static final long FALLS_ASLEEP_AFTER_MS = 6000;
    static final String TOKEN = "sleepy-access";
    private static final Pattern PATH = Pattern.compile("/api/1/vehicles(?:/([A-Z0-9]+)(?:/(vehicle_data|wake_up|fleet_telemetry_config))?)?");
    /** Fleet Telemetry configs sent ({@code POST …/fleet_telemetry_config_jws} bodies), and the claims each car holds. */
    final List<String> telemetryConfigsSent = new CopyOnWriteArrayList<>();
    final Map<String, String> telemetryConfigHeld = new ConcurrentHashMap<>();

    record Request(long atMillis, String vin, String endpoint, int status) {
    }

    final class Car {
        final String vin;
        volatile boolean driving;
        volatile boolean asleep;
        /** 0 until the exporter's first data call: the car stays awake until the exporter has seen it. */
        volatile long lastDataCall;
        volatile long fellAsleepAt;
        volatile Integer rateLimitOnceFor;   // seconds of Retry-After for the next vehicle_data call

        Car(String vin, boolean driving) {
            this.vin = vin;
            this.driving = driving;
        }

        synchronized void tick(long now) {
            if (driving) {
                asleep = false;
            } else if (!asleep && lastDataCall > 0 && now - lastDataCall >= FALLS_ASLEEP_AFTER_MS) {
                asleep = true;
                fellAsleepAt = now;
            }
        }

        synchronized void drive() {
            driving = true;
            asleep = false;
        }
    }

    final Map<String, Car> cars = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    SleepyFleet() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/1/vehicles", this::handle);
        server.start();
    }

    Car add(String vin, boolean driving) {
        Car car = new Car(vin, driving);
        cars.put(vin, car);
        return car;
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Request> requests(String vin, String endpoint) {
        return requests.stream().filter(r -> r.vin.equals(vin) && r.endpoint.equals(endpoint)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.currentTimeMillis();
        cars.values().forEach(c -> c.tick(now));
        Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 401, "{\"error\":\"invalid bearer token\"}", "", "", now);
            return;
        }
        if (exchange.getRequestURI().getPath().equals("/api/1/vehicles/fleet_telemetry_config_jws")
                && exchange.getRequestMethod().equals("POST")) {
            String body = new String(exchange.getRequestBody().readNBytes(1 << 20), StandardCharsets.UTF_8);
            telemetryConfigsSent.add(body);
            String claims = body.replaceAll(".*\"token\"\\s*:\\s*\"[^.]*\\.([^.]*)\\..*", "$1");
            String json = new String(java.util.Base64.getUrlDecoder().decode(claims), StandardCharsets.UTF_8);
            cars.keySet().stream().filter(body::contains).forEach(vin -> telemetryConfigHeld.put(vin, json));
            reply(exchange, 200, "{\"response\":{\"updated_vehicles\":" + telemetryConfigHeld.size() + ",\"skipped_vehicles\":{}}}",
                    "", "fleet_telemetry_config_jws", now);
            return;
        }
        if (!m.matches()) {
            reply(exchange, 404, "{\"error\":\"not found\"}", "", "other", now);
            return;
        }
        String vin = m.group(1);
        String endpoint = vin == null ? "vehicles" : m.group(2) == null ? "vehicle" : m.group(2);
        if (vin == null) {
            StringBuilder list = new StringBuilder("{\"response\":[");
            cars.values().forEach(c -> list.append(summary(c)).append(','));
            list.setLength(list.length() - 1);
            reply(exchange, 200, list + "],\"count\":" + cars.size() + "}", "", endpoint, now);
            return;
        }
        Car car = cars.get(vin);
        if (car == null) {
            reply(exchange, 404, "{\"error\":\"not_found\"}", vin, endpoint, now);
            return;
        }
        switch (endpoint) {
            case "vehicle" -> reply(exchange, 200, "{\"response\":" + summary(car) + "}", vin, endpoint, now);
            case "fleet_telemetry_config" -> {
                if (exchange.getRequestMethod().equals("DELETE")) {
                    telemetryConfigHeld.remove(vin);
                    reply(exchange, 200, "{\"response\":{\"updated_vehicles\":1}}", vin, "fleet_telemetry_config_delete", now);
                } else {
                    String held = telemetryConfigHeld.get(vin);
                    reply(exchange, 200, "{\"response\":{\"synced\":" + (held != null) + ",\"config\":" + (held == null ? "null" : held)
                            + ",\"key_paired\":true,\"limit_reached\":false}}", vin, endpoint, now);
                }
            }
            case "wake_up" -> {
                car.asleep = false;
                car.lastDataCall = now;
                reply(exchange, 200, "{\"response\":" + summary(car) + "}", vin, endpoint, now);
            }
            default -> {
                Integer limit = car.rateLimitOnceFor;
                if (limit != null) {
                    car.rateLimitOnceFor = null;
                    exchange.getResponseHeaders().add("Retry-After", limit.toString());
                    exchange.getResponseHeaders().add("Content-Type", "text/plain");
                    reply(exchange, 429, "Retry in " + limit + " seconds", vin, endpoint, now);
                } else if (car.asleep) {
                    reply(exchange, 408, "{\"response\":null,\"error\":\"vehicle unavailable: vehicle is offline or asleep\"}",
                            vin, endpoint, now);
                } else {
                    car.lastDataCall = now;
                    reply(exchange, 200, "{\"response\":" + data(car, now) + "}", vin, endpoint, now);
                }
            }
        }
    }

    private static String summary(Car c) {
        return "{\"id\":1,\"vin\":\"" + c.vin + "\",\"display_name\":\"" + c.vin.substring(13) + "\",\"state\":\""
                + (c.asleep ? "asleep" : "online") + "\"}";
    }

    private static String data(Car c, long now) {
        String drive = c.driving ? "\"shift_state\":\"D\",\"speed\":40,\"power\":20" : "\"shift_state\":\"P\",\"speed\":null,\"power\":0";
        return "{\"vin\":\"" + c.vin + "\",\"state\":\"online\","
                + "\"charge_state\":{\"battery_level\":70,\"charging_state\":\"Disconnected\",\"timestamp\":" + now + "},"
                + "\"climate_state\":{\"is_climate_on\":false,\"is_preconditioning\":false,\"timestamp\":" + now + "},"
                + "\"drive_state\":{" + drive + ",\"timestamp\":" + now + "},"
                + "\"vehicle_state\":{\"locked\":true,\"sentry_mode\":false,\"is_user_present\":" + c.driving
                + ",\"df\":0,\"dr\":0,\"pf\":0,\"pr\":0,\"ft\":0,\"rt\":0,\"odometer\":1000,\"timestamp\":" + now + "}}";
    }

    private void reply(HttpExchange exchange, int status, String body, String vin, String endpoint, long now) throws IOException {
        requests.add(new Request(now, vin, endpoint, status));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package org.teslaexporter.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/** What the journal's integration tests share: an emptied work folder with a valid token, and a fake Fleet API of one car. */
final class OneCarTesla {

    private OneCarTesla() {
    }

    /** {@code target/it-work/NAME}, emptied, with a token file that is valid for hours. */
    static Path work(String name) throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), name)).toAbsolutePath();
        empty(work);
        long now = System.currentTimeMillis() / 1000;
        Files.writeString(work.resolve("token.json"), "{\"access_token\":\"good\",\"refresh_token\":\"r1\",\"expires_at\":"
                + (now + 28000) + ",\"created_at\":" + now + "}");
        return work;
    }

    /** Deletes everything inside {@code dir} (nothing left of an earlier run), keeping {@code dir}. */
    static void empty(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!f.equals(dir)) {
                    Files.delete(f);
                }
            }
        }
    }

    /** A fake Fleet API on a free port: {@code api} answers everything under {@code /api/1/vehicles}. */
    static HttpServer serve(HttpHandler api) throws IOException {
        HttpServer tesla = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tesla.setExecutor(Executors.newCachedThreadPool());
        tesla.createContext("/api/1/vehicles", api);
        tesla.start();
        return tesla;
    }

    /** Tesla's answer for the car {@code vin} called {@code name}: its list, its entry, or {@code data} for vehicle_data. */
    static void answer(HttpExchange x, String vin, String name, java.util.function.Supplier<String> data) throws IOException {
        String path = x.getRequestURI().getPath();
        String body;
        if (path.equals("/api/1/vehicles")) {
            body = "{\"response\":[{\"id\":1,\"vin\":\"" + vin + "\",\"display_name\":\"" + name + "\",\"state\":\"online\"}],\"count\":1}";
        } else if (path.endsWith("/vehicle_data")) {
            body = data.get();
        } else {
            body = "{\"response\":{\"id\":1,\"vin\":\"" + vin + "\",\"state\":\"online\"}}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}

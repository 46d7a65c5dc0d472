package org.teslaexporter.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Prometheus text page and finds sample values in it; waits for conditions with a deadline. */
public final class MetricsText {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MetricsText() {
    }

    public static String fetch(URI uri) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The value of the first sample of {@code name} whose labels include every {@code label="value"} given. */
    public static Optional<Double> value(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            String labelText = m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= labelText.contains(label);
            }
            if (all) {
                return Optional.of(Double.parseDouble(m.group(2)));
            }
        }
        return Optional.empty();
    }

    public static List<String> lines(String text, Predicate<String> keep) {
        return text.lines().filter(keep).sorted().toList();
    }

    /** Polls {@code uri} until {@code done} holds for its text; returns the last text, or fails after {@code timeout}. */
    public static String await(URI uri, Duration timeout, String what, Predicate<String> done) {
        Instant deadline = Instant.now().plus(timeout);
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            text = fetch(uri);
            if (done.test(text)) {
                return text;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what + ". Last page:\n" + text);
    }
}

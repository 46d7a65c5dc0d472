package org.teslaexporter.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The exporter started exactly as users and the Docker image start it: {@code docker/run-exporter.sh}
 * with the built WAR and the pinned Payara Micro, settings in the environment.
 */
final class ExporterProcess implements AutoCloseable {

    final int port;
    final Path log;
    final Process process;

    private ExporterProcess(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static ExporterProcess start(String name, int port, Map<String, String> env) throws IOException {
        return start(name, port, env, java.util.List.of());
    }

    /** The same, the command run through {@code prefix} (e.g. {@code ip netns exec <name>}: on a host of its own). */
    static ExporterProcess start(String name, int port, Map<String, String> env, java.util.List<String> prefix) throws IOException {
        Path work = Path.of(System.getProperty("it.work", "target/it-work"));
        Files.createDirectories(work);
        Path log = work.resolve("launcher-" + name + ".log");
        java.util.List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(java.util.List.of("bash", "docker/run-exporter.sh", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                System.getProperty("exporter.war", "target/tesla-exporter.war")));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("TESLA_") || k.endsWith("_SECONDS") || k.equals("TOKEN_FILE_PATH"));
        pb.environment().put("EXPORTER_PORT", Integer.toString(port));
        pb.environment().remove("JAVA_OPTS"); // the launch script's defaults, as users run it
        pb.environment().putAll(env);
        return new ExporterProcess(port, log, pb.start());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** {@code kill -9} of the exporter: no shutdown hook, no finally. */
    void kill() throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

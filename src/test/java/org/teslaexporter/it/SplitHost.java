package org.teslaexporter.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A host of its own for one cluster member: a Linux network namespace joined to this machine by two veth
 * pairs, one for the cluster's network ({@code 10.201.n.0/24}, Hazelcast) and one for everything else
 * ({@code 10.202.n.0/24}: Tesla, PostgreSQL, the broker, the test, through {@link TcpRelay}s). {@link #cut}
 * silences the cluster's network in both directions and leaves the rest: the member is cut off from the
 * others but still reaches Tesla, the harder case of a split. Made with iproute2 as root; where that cannot
 * be done, {@link #make} says why and gives nothing.
 */
final class SplitHost implements AutoCloseable {

    private final String name;
    private final int n;

    private SplitHost(String name, int n) {
        this.name = name;
        this.n = n;
    }

    static Optional<SplitHost> make(int n) {
        String name = "tesla-split-" + n;
        quietly("ip", "netns", "del", name);        // a run that was cut short
        quietly("ip", "link", "del", link(n, "c", "h"));
        quietly("ip", "link", "del", link(n, "s", "h"));
        SplitHost made = new SplitHost(name, n);
        try {
            ip("netns", "add", name);
            made.inside("ip", "link", "set", "lo", "up");
            made.join("c", "10.201." + n);
            made.join("s", "10.202." + n);
            return Optional.of(made);
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("NOTICE: no network namespace for a member of its own (" + e.getMessage()
                    + "; needs root and iproute2): the network split is not tested here.");
            made.close();
            return Optional.empty();
        }
    }

    private static String link(int n, String network, String end) {
        return "vsp" + n + network + end;
    }

    /** One veth pair for one network: {@code net.1} on this machine, {@code net.2} inside. */
    private void join(String network, String net) throws IOException, InterruptedException {
        String host = link(n, network, "h");
        String inner = link(n, network, "m");
        ip("link", "add", host, "type", "veth", "peer", "name", inner);
        ip("link", "set", inner, "netns", name);
        ip("addr", "add", net + ".1/24", "dev", host);
        ip("link", "set", host, "up");
        inside("ip", "addr", "add", net + ".2/24", "dev", inner);
        inside("ip", "link", "set", inner, "up");
    }

    /** This machine's address on the cluster's network. */
    String hostCluster() {
        return "10.201." + n + ".1";
    }

    /** The member's address on the cluster's network. */
    String memberCluster() {
        return "10.201." + n + ".2";
    }

    /** This machine's address on the other network, where the member finds Tesla, PostgreSQL and the broker. */
    String hostServices() {
        return "10.202." + n + ".1";
    }

    /** The member's address on the other network. */
    String memberServices() {
        return "10.202." + n + ".2";
    }

    /** The command prefix that runs a program inside. */
    List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /**
     * The member no longer reaches the others, nor they it; Tesla and the rest it still reaches. Silently, as a
     * cable cut: every packet of the cluster's network is dropped at both ends (a queue of length 0), so no
     * error tells either side, and each sees the other gone only when heartbeats stop coming.
     */
    void cut() throws IOException, InterruptedException {
        tc("add", false);
        tc("add", true);
    }

    void heal() throws IOException, InterruptedException {
        tc("del", false);
        tc("del", true);
    }

    private void tc(String verb, boolean insideToo) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(insideToo ? exec() : List.of());
        command.addAll(List.of("tc", "qdisc", verb, "dev", link(n, "c", insideToo ? "m" : "h"), "root"));
        if (verb.equals("add")) {
            command.addAll(List.of("pfifo", "limit", "0"));
        }
        run(command);
    }

    private void inside(String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(exec());
        all.addAll(List.of(command));
        run(all);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ip"));
        all.addAll(List.of(args));
        run(all);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    private static void quietly(String... command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // nothing there, or no ip at all: make() says so
        }
    }

    /** The namespace goes, and its end of the pair with it (the other end too). */
    @Override
    public void close() {
        quietly("ip", "netns", "del", name);
        quietly("ip", "link", "del", link(n, "c", "h"));
        quietly("ip", "link", "del", link(n, "s", "h"));
    }
}

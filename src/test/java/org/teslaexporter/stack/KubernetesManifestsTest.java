package org.teslaexporter.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests (docker/kubernetes), read as Kubernetes reads them: a StatefulSet whose members find
 * each other through the headless service Hazelcast is told of, each its own data volume, never alone, every
 * setting one the exporter knows, no secret in the ConfigMap, Hazelcast's port for the members only, and
 * Prometheus scraping each member where it serves. No tool here can check them without a cluster.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("docker/kubernetes");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byKind(String file) throws Exception {
        Map<String, Map<String, Object>> kinds = new HashMap<>();
        for (Object doc : new Yaml().loadAll(Files.readString(DIR.resolve(file)))) {
            Map<String, Object> o = (Map<String, Object>) doc;
            String name = (String) ((Map<String, Object>) o.get("metadata")).get("name");
            kinds.put(o.get("kind") + "/" + name, o);
        }
        return kinds;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object o, String... path) {
        Object now = o;
        for (String key : path) {
            now = now instanceof List<?> l ? l.get(Integer.parseInt(key)) : ((Map<String, Object>) now).get(key);
        }
        return (T) now;
    }

    @Test
    @SuppressWarnings("unchecked")
    void threeMembersFindEachOtherKeepTheirOwnDataAndAreScrapedEach() throws Exception {
        Map<String, Map<String, Object>> all = byKind("tesla-exporter.yaml");
        Map<String, Object> set = all.get("StatefulSet/tesla-exporter");
        Map<String, Object> headless = all.get("Service/" + at(set, "spec", "serviceName"));
        assertThat(headless).as("the StatefulSet's service").isNotNull();
        assertThat(at(headless, "spec", "clusterIP").toString()).isEqualTo("None");
        assertThat((Boolean) at(headless, "spec", "publishNotReadyAddresses")).as("found before ready").isTrue();

        Map<String, Object> container = at(set, "spec", "template", "spec", "containers", "0");
        Map<String, String> env = new HashMap<>();
        List<String> defined = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            String value = e.get("value") == null ? "" : e.get("value").toString();
            Matcher ref = Pattern.compile("\\$\\((\\w+)\\)").matcher(value);
            while (ref.find()) {
                assertThat(defined).as("$(%s) in %s is defined above it, as Kubernetes needs", ref.group(1), e.get("name"))
                        .contains(ref.group(1));
            }
            defined.add((String) e.get("name"));
            env.put((String) e.get("name"), value);
        }
        assertThat(env.get("CLUSTER_KUBERNETES_SERVICE")).startsWith(at(set, "spec", "serviceName") + ".$(POD_NAMESPACE).svc.");
        assertThat(env).containsEntry("CLUSTER_REQUIRED", "true").containsEntry("CLUSTER_SIZE", at(set, "spec", "replicas").toString());
        assertThat((Integer) at(set, "spec", "replicas")).as("the CP subsystem's three").isEqualTo(3);

        Map<String, Integer> ports = new HashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) container.get("ports")) {
            ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
        }
        assertThat(ports).containsEntry("http", Integer.parseInt(env.get("EXPORTER_PORT")))
                .containsEntry("hazelcast", Integer.parseInt(env.get("CLUSTER_PORT")));
        List<Map<String, Object>> headlessPorts = at(headless, "spec", "ports");
        assertThat(headlessPorts).anySatisfy(p -> assertThat(p.get("port")).isEqualTo(ports.get("hazelcast")));
        Map<String, String> scrape = at(set, "spec", "template", "metadata", "annotations");
        assertThat(scrape).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", ports.get("http").toString())
                .containsEntry("prometheus.io/path", "/metrics");
        Map<String, Map<String, Object>> monitor = byKind("podmonitor.yaml");
        assertThat(at(monitor.get("PodMonitor/tesla-exporter"), "spec", "podMetricsEndpoints", "0", "port").toString()).isIn(ports.keySet());

        // each member's data directory on a volume of its own
        String claim = at(set, "spec", "volumeClaimTemplates", "0", "metadata", "name");
        assertThat((List<Map<String, Object>>) container.get("volumeMounts"))
                .anySatisfy(m -> assertThat(m).containsEntry("name", claim).containsEntry("mountPath", env.get("DATA_DIR")));
        // a stopping member hands its cars over (Hazelcast's graceful shutdown, 20 s in docker/hazelcast.xml) before it is killed
        assertThat((Integer) at(set, "spec", "template", "spec", "terminationGracePeriodSeconds")).isGreaterThan(20);
        assertThat(Files.readString(Path.of("docker/hazelcast.xml"))).contains("graceful.shutdown.max.wait\">20<");
        // one member down at a time: two of three keep the majority
        assertThat(at(all.get("PodDisruptionBudget/tesla-exporter"), "spec", "maxUnavailable").toString()).isEqualTo("1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySettingIsTheExportersAndNoSecretIsInTheConfigMap() throws Exception {
        Map<String, Map<String, Object>> all = byKind("tesla-exporter.yaml");
        Map<String, String> config = at(all.get("ConfigMap/tesla-exporter"), "data");
        assertThat(config).doesNotContainKeys("CLUSTER_SECRET", "ADMIN_PASSWORD", "TESLA_CLIENT_SECRET", "JOURNAL_DB_PASSWORD");
        assertThat(config.get("JOURNAL_JDBC_URL")).as("a cluster's journal").startsWith("jdbc:postgresql:");
        String documented = Files.readString(Path.of("docs/configuration.md"));
        Map<String, Object> container = at(all.get("StatefulSet/tesla-exporter"), "spec", "template", "spec", "containers", "0");
        List<String> names = new ArrayList<>(config.keySet());
        ((List<Map<String, Object>>) container.get("env")).forEach(e -> names.add((String) e.get("name")));
        for (String name : names) {
            if (!name.startsWith("POD_")) {
                assertThat(documented).as("%s is a setting of docs/configuration.md", name).contains("`" + name + "`");
            }
        }
        assertThat(Files.readString(DIR.resolve("tesla-exporter.yaml"))).contains("--from-literal=CLUSTER_SECRET=");
        assertThat(at(container, "envFrom", "1", "secretRef", "name").toString()).isEqualTo("tesla-exporter");
    }

    @Test
    void hazelcastsPortIsOpenToTheMembersAlone() throws Exception {
        Map<String, Object> policy = byKind("tesla-exporter.yaml").get("NetworkPolicy/tesla-exporter");
        List<Map<String, Object>> rules = at(policy, "spec", "ingress");
        for (Map<String, Object> rule : rules) {
            boolean hazelcast = at(rule, "ports", "0", "port").equals(5701);
            if (hazelcast) {
                assertThat(at(rule, "from", "0", "podSelector", "matchLabels").toString()).isEqualTo(
                        at(policy, "spec", "podSelector", "matchLabels").toString());
            } else {
                assertThat(rule).as("open to anyone: the http port only").doesNotContainKey("from");
                assertThat((Object) at(rule, "ports", "0", "port")).isEqualTo(9090);
            }
        }
        assertThat(rules).hasSize(2);
    }
}

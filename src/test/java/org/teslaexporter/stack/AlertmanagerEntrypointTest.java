package org.teslaexporter.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.InstalledTool;
import org.teslaexporter.QueryString;

/**
 * {@code docker/alertmanager/entrypoint.sh} as the Compose service runs it (with {@code true} in place
 * of Alertmanager): which webhook URL ends up in the configuration for each ALERT_WEBHOOK_URL and
 * ALERT_WEBHOOK_FORMAT. The rendered templates are checked in StackIT, through a real Alertmanager.
 */
class AlertmanagerEntrypointTest {

    @TempDir
    Path work;

    record Outcome(int exit, String output, String url) {
        Map<String, String> query() {
            return QueryString.decode(url.substring(url.indexOf('?') + 1));
        }
    }

    Outcome run(Map<String, String> env) throws Exception {
        return run(env, null);
    }

    /** The entrypoint under this machine's sh, or with {@code busybox} only (as the Alertmanager image has it). */
    Outcome run(Map<String, String> env, Path busyboxApplets) throws Exception {
        Path rendered = work.resolve("alertmanager.yml");
        Files.deleteIfExists(rendered);
        ProcessBuilder pb = new ProcessBuilder(busyboxApplets == null ? "sh" : busyboxApplets.resolve("sh").toString(),
                "docker/alertmanager/entrypoint.sh").redirectErrorStream(true);
        if (busyboxApplets != null) {
            pb.environment().put("PATH", busyboxApplets.toString());
        }
        pb.environment().put("ALERTMANAGER_BIN", "true");
        pb.environment().put("ALERTMANAGER_RENDERED", rendered.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String url = null;
        if (Files.exists(rendered)) {
            Matcher m = Pattern.compile("- url: \"([^\"]*)\"").matcher(Files.readString(rendered));
            assertThat(m.find()).isTrue();
            url = m.group(1);
        }
        return new Outcome(p.exitValue(), out, url);
    }

    @Test
    void anNtfyTopicGetsTheTemplateSoThePhoneShowsTextNotJson() throws Exception {
        Outcome o = run(Map.of("ALERT_WEBHOOK_URL", "https://ntfy.sh/tesla-7f3k2q9x"));
        assertThat(o.exit()).isZero();
        assertThat(o.url()).startsWith("https://ntfy.sh/tesla-7f3k2q9x?tpl=yes&");
        assertThat(o.query()).containsEntry("tpl", "yes").containsEntry("tags", "car");
        assertThat(o.query().get("t")).contains(".commonAnnotations.summary", "Resolved: ");
        assertThat(o.query().get("m")).contains("{{range .alerts}}", ".annotations.description", "\\n");
        // a self-hosted ntfy, an access token already in the query
        Outcome own = run(Map.of("ALERT_WEBHOOK_URL", "https://ntfy.example.com:8443/cars?auth=abc"));
        assertThat(own.url()).startsWith("https://ntfy.example.com:8443/cars?auth=abc&tpl=yes&");
        Outcome named = run(Map.of("ALERT_WEBHOOK_URL", "http://10.0.0.5/cars", "ALERT_WEBHOOK_FORMAT", "ntfy"));
        assertThat(named.url()).startsWith("http://10.0.0.5/cars?tpl=yes&");
    }

    /**
     * The Alertmanager image has no bash, dash or mawk: only busybox. The same URL comes out of its
     * sh and awk (Debian's {@code busybox} package; CI installs it).
     */
    @Test
    void busyboxAsInTheAlertmanagerImageRendersTheSameUrl() throws Exception {
        Path busybox = Path.of("/usr/bin/busybox");
        InstalledTool.require(busybox.toString(), "busybox");
        Path applets = Files.createDirectories(Path.of("target", "busybox-applets"));    // not in @TempDir: JUnit warns of links leaving it
        for (String applet : new String[] {"sh", "awk", "dirname", "printf", "true", "cat"}) {
            if (!Files.exists(applets.resolve(applet), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(applets.resolve(applet), busybox);
            }
        }
        Map<String, String> env = Map.of("ALERT_WEBHOOK_URL", "https://ntfy.sh/tesla-7f3k2q9x");
        Outcome inBusybox = run(env, applets);
        assertThat(inBusybox.exit()).as(inBusybox.output()).isZero();
        assertThat(inBusybox.url()).isEqualTo(run(env).url()).contains("tpl=yes");
        assertThat(run(Map.of("ALERT_WEBHOOK_URL", "https://ntfy.sh/t", "ALERT_WEBHOOK_FORMAT", "slack"), applets).exit()).isEqualTo(78);
    }

    @Test
    void otherWebhooksAndOwnTemplatesAreLeftAsTheyAre() throws Exception {
        assertThat(run(Map.of("ALERT_WEBHOOK_URL", "http://homeassistant:8123/api/webhook/tesla")).url())
                .isEqualTo("http://homeassistant:8123/api/webhook/tesla");
        assertThat(run(Map.of("ALERT_WEBHOOK_URL", "https://ntfy.sh/t?tpl=alertmanager")).url())
                .isEqualTo("https://ntfy.sh/t?tpl=alertmanager");
        assertThat(run(Map.of("ALERT_WEBHOOK_URL", "https://ntfy.sh/t", "ALERT_WEBHOOK_FORMAT", "json")).url())
                .isEqualTo("https://ntfy.sh/t");
    }

    @Test
    void aWrongSettingStopsWithItsReason() throws Exception {
        Outcome format = run(Map.of("ALERT_WEBHOOK_URL", "https://ntfy.sh/t", "ALERT_WEBHOOK_FORMAT", "slack"));
        assertThat(format.exit()).isEqualTo(78);
        assertThat(format.output()).contains("ALERT_WEBHOOK_FORMAT must be auto, ntfy or json");
        Outcome url = run(Map.of("ALERT_WEBHOOK_URL", "ntfy.sh/t"));
        assertThat(url.exit()).isEqualTo(78);
        assertThat(url.output()).contains("must be an http(s) URL");
        Outcome none = run(Map.of());
        assertThat(none.exit()).isZero();
        assertThat(none.output()).contains("sent nowhere");
    }
}

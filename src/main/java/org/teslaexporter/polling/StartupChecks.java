package org.teslaexporter.polling;

import java.net.URI;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.InvalidSettingsException;
import org.teslaexporter.config.Settings;

/**
 * What the poller checks and says once at start-up: settings that do not hold stop the process
 * (exit 78, sysexits' EX_CONFIG) instead of leaving a server that answers 404; the log level; one
 * line that says how the exporter will poll.
 */
final class StartupChecks {

    private static final Logger LOG = Logger.getLogger(VehiclePoller.class.getName());
    /** Held so the configured level is not lost when the logger is garbage collected. */
    private static final Logger APP_LOG = Logger.getLogger("org.teslaexporter");
    /** Exit status for a bad configuration (sysexits EX_CONFIG). */
    static final int EXIT_BAD_CONFIG = 78;

    private StartupChecks() {
    }

    /** The settings, or the process ends with every bad variable named. */
    static Settings settingsOrExit(ExporterConfig config) {
        try {
            return config.settings();
        } catch (InvalidSettingsException e) {
            LOG.severe(e.getMessage());
            System.err.println(e.getMessage());
            // Payara keeps running after a failed deployment, and the application's class loader is
            // closed then, so nothing of ours could run later: halt now. The message is on stderr.
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_BAD_CONFIG);
            throw e;    // not reached; fails the deployment should halting ever be refused
        }
    }

    static void applyLogLevel(Level level) {
        APP_LOG.setLevel(level);
        for (Handler h : Logger.getLogger("").getHandlers()) {
            if (h.getLevel().intValue() > level.intValue()) {
                h.setLevel(level);
            }
        }
    }

    /** The one line that says what this exporter will do. */
    static String banner(Settings s, List<URI> apiBases) {
        String bases = apiBases.size() == 1 ? apiBases.get(0).toString() : apiBases.toString();
        return "Tesla exporter starting: " + (s.server().demo() ? "DEMO MODE, simulated cars served at " : "Fleet API ")
                + bases + "; data every " + s.polling().driving().toSeconds() + " s driving, "
                + s.polling().charging().toSeconds() + " s charging, " + s.polling().parked().toSeconds()
                + " s parked; suspended after " + s.polling().suspendAfterIdle().toSeconds() + " s idle so the car can sleep;"
                + " state every " + s.polling().sleep().toSeconds() + " s asleep; wake on poll "
                + s.fleet().wakeOnPoll() + "; vehicles " + (s.fleet().vins().isEmpty()
                        ? (s.fleet().vehicleIndex() == null ? "all" : "index " + s.fleet().vehicleIndex()) : s.fleet().vins())
                + ". Metrics at http://localhost:" + s.server().port() + "/metrics";
    }
}

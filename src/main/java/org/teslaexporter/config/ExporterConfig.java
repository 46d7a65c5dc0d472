package org.teslaexporter.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The validated {@link Settings}, read once from MicroProfile Config (so environment variables,
 * system properties and {@code microprofile-config.properties} all work) and shared by every bean.
 * A CA file that holds a private key ({@link CaChain}) is refused here too, so start-up stops.
 */
@ApplicationScoped
public class ExporterConfig {

    private volatile Settings settings;

    /** @throws InvalidSettingsException on the first call if any variable is wrong */
    public Settings settings() {
        Settings s = settings;
        if (s == null) {
            synchronized (this) {
                if (settings == null) {
                    Config config = ConfigProvider.getConfig();
                    Settings read = SettingsReader.read(name -> config.getOptionalValue(name, String.class));
                    String ca = CaChain.problem(read.telemetry().caFile());
                    if (ca != null) {
                        throw new InvalidSettingsException(java.util.List.of(ca));
                    }
                    settings = read;
                }
                s = settings;
            }
        }
        return s;
    }
}

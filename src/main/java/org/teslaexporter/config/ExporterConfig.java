package org.teslaexporter.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The validated {@link Settings}, read once from MicroProfile Config (so environment variables,
 * system properties and {@code microprofile-config.properties} all work) and shared by every bean.
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
                    settings = SettingsReader.read(name -> config.getOptionalValue(name, String.class));
                }
                s = settings;
            }
        }
        return s;
    }
}

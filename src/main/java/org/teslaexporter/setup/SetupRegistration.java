package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;
import org.teslaexporter.auth.AppKeys;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.InvalidSettingsException;

/**
 * At start: maps {@link CallbackServlet} at the path of {@code TESLA_REDIRECT_URI} (only known at
 * run time), and makes sure the app key pair exists.
 */
@WebListener
public class SetupRegistration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(SetupRegistration.class.getName());

    @Inject
    ExporterConfig config;

    @Inject
    AppKeys appKeys;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String path;
        try {
            path = config.settings().login().callbackPath();
        } catch (InvalidSettingsException badSettings) {
            return;     // reported (and the process stopped) by the poller
        }
        event.getServletContext().addServlet("oauth-callback", CallbackServlet.class).addMapping(path);
        AppKeys.Status keys = appKeys.status();
        if (keys.generated()) {
            LOG.info("Generated the app key pair (EC prime256v1) in " + config.settings().files().dataDir()
                    + "; its public key is served at /.well-known/appspecific/com.tesla.3p.public-key.pem.");
        } else if (!keys.ready()) {
            LOG.warning(keys.problem());
        }
    }
}

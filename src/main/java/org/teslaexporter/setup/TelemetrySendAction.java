package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.teslaexporter.telemetry.TelemetryConfigurator;

/** "Send the config to every car now": the streaming config is sent at once instead of at its next check. */
@WebServlet("/setup/telemetry/send")
public class TelemetrySendAction extends SetupAction {

    @Inject
    TelemetryConfigurator telemetryConfig;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) {
        telemetryConfig.syncNow(true);
        ClientRequests.seeOther(response, "/setup#streaming");
    }
}

package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.teslaexporter.telemetry.TelemetryConfigurator;
import org.teslaexporter.vehicle.Vin;

/** "Remove config" of one car (a VIN the form names; anything that is not a VIN is ignored). */
@WebServlet("/setup/telemetry/remove")
public class TelemetryRemoveAction extends SetupAction {

    @Inject
    TelemetryConfigurator telemetryConfig;

    @Override
    void act(HttpServletRequest request, HttpServletResponse response) {
        String vin = request.getParameter("vin");
        if (Vin.valid(vin)) {
            telemetryConfig.removeNow(vin);
        }
        ClientRequests.seeOther(response, "/setup#streaming");
    }
}

package org.teslaexporter.fleetapi;

import java.util.List;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSnapshot;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * The four reads the poller makes, in our own records; failures arrive as typed
 * {@link FleetApiException}s. {@link FleetApiGateway} is the real one; tests bring their own.
 */
public interface FleetApi {

    /** {@code GET /api/1/vehicles}: the account's vehicles; does not wake them. */
    List<VehicleSummary> vehicles();

    /** {@code GET /api/1/vehicles/{vin}/vehicle_data}. Billed. */
    VehicleSnapshot vehicleData(String vin);

    /** {@code POST /api/1/vehicles/{vin}/wake_up}. Billed as a wake. */
    OnlineState wakeUp(String vin);

    /** {@code GET /api/1/vehicles/{vin}}: the state alone; does not wake the car. */
    OnlineState state(String vin);
}

package org.teslaexporter.fleetapi;

/** The vehicle or endpoint is unknown (404). */
public class VehicleNotFoundException extends FleetApiException {

    public VehicleNotFoundException(String message) {
        super(404, message);
    }

    @Override
    public String errorType() {
        return "not_found";
    }
}

package org.teslaexporter.fleetapi;

/** The vehicle is asleep or offline (408). Not an exporter error: the car is left alone. */
public class VehicleAsleepException extends FleetApiException {

    public VehicleAsleepException(String message) {
        super(408, message);
    }

    @Override
    public String errorType() {
        return "asleep";
    }
}

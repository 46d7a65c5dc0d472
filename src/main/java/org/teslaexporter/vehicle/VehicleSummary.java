package org.teslaexporter.vehicle;

/**
 * A vehicle as the account's vehicle list shows it: cheap to read, and reading it neither wakes
 * the car nor keeps it awake.
 *
 * @param vin         the vehicle identification number, the key of every series
 * @param displayName the name the owner gave the car ({@code vehicle_name} label); never null
 * @param state       online, asleep or offline
 */
public record VehicleSummary(String vin, String displayName, OnlineState state) {

    public VehicleSummary {
        displayName = displayName == null ? "" : displayName;
        state = state == null ? OnlineState.UNKNOWN : state;
    }

    public VehicleSummary withState(OnlineState newState) {
        return new VehicleSummary(vin, displayName, newState);
    }
}

package org.teslaexporter.polling;

/**
 * What the poller tells whoever publishes (CDI events, fired synchronously in the poll step's
 * thread): the poller does not know the publisher (Adam Bien's LightFish), and each event names one
 * vehicle, so the work it causes is that vehicle's alone.
 */
public sealed interface FleetEvent {

    /** The vehicle's {@link org.teslaexporter.vehicle.TrackedVehicle} changed (or is new): read it from {@link FleetState}. */
    record VehicleChanged(String vin) implements FleetEvent {
    }

    /** The vehicle is no longer monitored; {@code name} was its last {@code vehicle_name}. */
    record VehicleRemoved(String vin, String name) implements FleetEvent {
    }

    /** No account of the cluster lists the vehicle any more (it left its account, was deselected, or its login went). */
    record Unlisted(String vin) implements FleetEvent {
    }

    /** A request about one vehicle failed. */
    record PollFailed(String vin, String name, String errorType) implements FleetEvent {
    }

    /** A request of one account about no single vehicle failed (the vehicle list, the login), or its cycle did. */
    record AccountFailed(String account, String errorType) implements FleetEvent {
    }
}

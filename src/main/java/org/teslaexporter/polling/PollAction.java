package org.teslaexporter.polling;

/** The request the policy wants made for a vehicle. */
public enum PollAction {
    /** {@code GET /api/1/vehicles/{vin}}: online, asleep or offline; does not wake the car or keep it awake. */
    CHECK_STATE,
    /** {@code GET /api/1/vehicles/{vin}/vehicle_data}: billed; keeps an awake car awake. */
    FETCH_DATA,
    /** {@code POST /api/1/vehicles/{vin}/wake_up}: billed as a wake; only with {@code WAKE_ON_POLL=true}. */
    WAKE
}

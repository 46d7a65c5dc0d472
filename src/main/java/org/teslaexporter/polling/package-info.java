/**
 * Polling: the EJB timer that drives it ({@link org.teslaexporter.polling.VehiclePoller}, boundary),
 * the pure decisions of what to ask and when ({@link org.teslaexporter.polling.FixedSchedule},
 * {@link org.teslaexporter.polling.VehicleSelection}), and the state the poller writes
 * ({@link org.teslaexporter.polling.FleetState}).
 */
package org.teslaexporter.polling;

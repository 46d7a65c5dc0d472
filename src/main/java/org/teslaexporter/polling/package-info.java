/**
 * Polling: the EJB timers that drive it ({@link org.teslaexporter.polling.VehiclePoller}, boundary),
 * the pure decisions of what to ask each car and when ({@link org.teslaexporter.polling.PollPolicy},
 * {@link org.teslaexporter.polling.VehicleSelection}), and the state the poller writes for the
 * metrics ({@link org.teslaexporter.polling.FleetState}).
 */
package org.teslaexporter.polling;

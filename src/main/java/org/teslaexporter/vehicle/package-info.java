/**
 * Our model of a car, in our units (km, km/h, bar, °C, W, seconds since the epoch): the vehicle
 * summary from the list, the immutable snapshot of its data, and the one translator from Tesla's
 * wire format to them. A {@code null} field means "unknown" — never a made-up zero.
 */
package org.teslaexporter.vehicle;

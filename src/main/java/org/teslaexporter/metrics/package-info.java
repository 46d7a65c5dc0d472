/**
 * Publishing: read-only views of the latest vehicle snapshots as MicroProfile Metrics gauges, named
 * exactly as the earlier exporter named them (unit NONE, the unit in the name). The poller writes
 * state; this package only reads it and keeps the set of registered series equal to what is known.
 */
package org.teslaexporter.metrics;

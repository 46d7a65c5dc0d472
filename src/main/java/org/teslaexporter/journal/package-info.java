/**
 * The car's story: drives, charges and parked periods, found in the readings the exporter already
 * has (polled snapshots and streamed signals alike; not one extra Fleet API call), priced by the
 * owner's places. {@link org.teslaexporter.journal.SessionDetector} is the logic, one car at a time.
 */
package org.teslaexporter.journal;

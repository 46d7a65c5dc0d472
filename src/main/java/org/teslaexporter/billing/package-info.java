/**
 * The API bill made visible: every Fleet API request is counted, billable ones (status below 500,
 * Tesla's rule) are priced, the month-to-date cost is kept across restarts, and a projected
 * month-end spend over the monthly budget stretches the polling intervals.
 */
package org.teslaexporter.billing;

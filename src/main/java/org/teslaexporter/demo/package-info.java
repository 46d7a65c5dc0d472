/**
 * Demo mode ({@code TESLA_DEMO=true}): a small simulated Fleet API inside the WAR, with two cars that
 * drive, park, charge and fall asleep over ten minutes. The exporter reads it over HTTP through the
 * same REST client, timer, translator and metrics as a real car, so a newcomer sees live metrics at
 * once and every layer is exercised. Answers are in Tesla's wire format (miles, mph, kW).
 */
package org.teslaexporter.demo;

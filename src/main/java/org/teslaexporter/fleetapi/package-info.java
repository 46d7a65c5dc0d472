/**
 * Tesla's Fleet API in Tesla's words: the MicroProfile REST Client interface, the mapping of error
 * statuses to typed exceptions, and the gateway that adds the bearer token, retries once after a
 * refused token and hands every answer to the translator. Nothing outside this package and
 * {@code vehicle.VehicleDataTranslator} sees Tesla's JSON, miles or placeholders.
 */
package org.teslaexporter.fleetapi;

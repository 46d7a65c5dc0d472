/**
 * The owner's places and prices ({@code PLACES_FILE}): where a car is (the nearest place whose
 * radius holds its position), and what a kWh costs there at a moment (time-of-use periods in the
 * file's time zone, charger kinds elsewhere). Read once at start; a bad file stops start-up.
 */
package org.teslaexporter.places;

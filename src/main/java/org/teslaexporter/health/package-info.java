/** MicroProfile Health checks at {@code /health}: ready once polling runs, live while the timer keeps firing. */
package org.teslaexporter.health;

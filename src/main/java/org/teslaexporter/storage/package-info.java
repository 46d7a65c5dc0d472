/**
 * Files the exporter keeps in its data folder that only its own user may read: owner-only from the
 * first byte, bounded when read back, never through a symbolic link.
 */
package org.teslaexporter.storage;

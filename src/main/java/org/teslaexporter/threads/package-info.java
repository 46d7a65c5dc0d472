/** The exporter's background threads: daemons named after their job. */
package org.teslaexporter.threads;

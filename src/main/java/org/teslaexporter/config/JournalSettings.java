package org.teslaexporter.config;

/**
 * Where the journal of drives and charges is kept: {@code JOURNAL_JDBC_URL} (PostgreSQL), with
 * {@code JOURNAL_DB_USER} and {@code JOURNAL_DB_PASSWORD}; by default an H2 file {@code journal} in
 * the data directory.
 */
public record JournalSettings(String jdbcUrl, String user, Secret password) {

    /** Whether the journal is the default H2 file (no server to reach). */
    public boolean embedded() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }
}

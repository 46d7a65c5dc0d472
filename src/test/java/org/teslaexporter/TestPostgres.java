package org.teslaexporter;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The tests' PostgreSQL: the one {@code .ci/run} starts and names in {@code JOURNAL_TEST_POSTGRES}, else a
 * local one at the same address. Required where CI named it; elsewhere a test that needs it is skipped with a
 * notice when none runs.
 */
public final class TestPostgres {

    public static final String URL = System.getenv().getOrDefault("JOURNAL_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/journal_test");
    public static final String USER = "journal_test";
    public static final String PASSWORD = "journal-test-only";

    private TestPostgres() {
    }

    /** Empties {@code schema} (made if new) for {@code test}, or skips {@code test} where there is no PostgreSQL. */
    public static void freshSchema(String schema, String test) throws SQLException {
        try (var c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
        } catch (SQLException absent) {
            if (System.getenv("JOURNAL_TEST_POSTGRES") != null) {
                throw absent;
            }
            System.err.println("NOTICE: no PostgreSQL at " + URL + " (apt-get install postgresql; see .ci/run): " + test + " skipped locally.");
            assumeTrue(false, "no PostgreSQL");
        }
    }
}

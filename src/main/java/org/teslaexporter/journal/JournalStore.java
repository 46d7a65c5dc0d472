package org.teslaexporter.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.teslaexporter.http.OneLine;

/**
 * The journal in its database, through Jakarta Persistence (EclipseLink, which Payara ships): an H2
 * file by default, PostgreSQL when configured. The schema is versioned by Flyway from its first
 * version ({@code db/journal}), migrated when the store opens. A session is stored once: the same
 * car's session starting at the same instant (a replay after a crash) is not stored again.
 * Thread-safe; each call is one transaction.
 */
public final class JournalStore implements AutoCloseable {

    private final EntityManagerFactory factory;
    /** The H2 file's URL and login, to shut it down at the close (it stays open between transactions); null for PostgreSQL. */
    private final String h2Url;
    private final String h2User;
    private final String h2Password;

    private JournalStore(EntityManagerFactory factory, String url, String user, String password) {
        this.factory = factory;
        boolean h2 = url.startsWith("jdbc:h2:");
        this.h2Url = h2 ? url : null;
        this.h2User = h2 ? user : null;
        this.h2Password = h2 ? password : null;
    }

    /** The JDBC driver of a URL, or null when the journal cannot use that database. */
    public static String driver(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        return null;
    }

    /** Migrates the schema to the newest version and opens the store. */
    public static JournalStore open(String url, String user, String password) throws JournalException {
        String driver = driver(url);
        if (driver == null) {
            throw new JournalException("not an H2 or PostgreSQL JDBC URL", null);
        }
        try {
            Flyway.configure(JournalStore.class.getClassLoader()).dataSource(url, user, password).locations("classpath:db/journal")
                    .table("journal_schema_history").load().migrate();
        } catch (FlywayException e) {
            throw new JournalException("the journal's schema cannot be migrated: " + OneLine.rootCause(e), e);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("eclipselink.persistencexml", "META-INF/journal-persistence.xml");
        properties.put("jakarta.persistence.jdbc.driver", driver);
        properties.put("jakarta.persistence.jdbc.url", url);
        properties.put("jakarta.persistence.jdbc.user", user == null ? "" : user);
        properties.put("jakarta.persistence.jdbc.password", password == null ? "" : password);
        properties.put("eclipselink.classloader", JournalStore.class.getClassLoader());
        // the journal says what went wrong in one line of its own (Journal): no stack traces from EclipseLink, no
        // MBeans (Payara's JMX refuses them), and a session name without the URL
        properties.put("eclipselink.logging.exceptions", "false");
        properties.put("eclipselink.logging.level", "OFF");
        properties.put("eclipselink.register.dev.mbean", "false");
        properties.put("eclipselink.register.run.mbean", "false");
        properties.put("eclipselink.session-name", "journal");
        // a few rows a minute, written by one thread: two connections are plenty
        properties.put("eclipselink.connection-pool.default.initial", "1");
        properties.put("eclipselink.connection-pool.default.min", "1");
        properties.put("eclipselink.connection-pool.default.max", "2");
        try {
            EntityManagerFactory factory = Persistence.createEntityManagerFactory("journal", properties);
            factory.createEntityManager().close();     // connects now: a wrong password shows here, not at the first write
            return new JournalStore(factory, url, user, password);
        } catch (PersistenceException e) {
            throw new JournalException("the journal's database cannot be opened: " + OneLine.rootCause(e), e);
        }
    }

    /** Stores finished sessions (those already stored are left as they are); says which were new. */
    public List<Session> save(List<Session> sessions) throws JournalException {
        return inTransaction(em -> {
            List<Session> stored = new ArrayList<>();
            for (Session s : sessions) {
                Object entry = s instanceof Drive d ? DriveEntry.of(d) : s instanceof Charge c ? ChargeEntry.of(c)
                        : ParkedEntry.of((Parked) s);
                long before = em.createQuery("SELECT COUNT(e) FROM " + entry.getClass().getSimpleName()
                        + " e WHERE e.vin = :vin AND e.startedAt = :at", Long.class)
                        .setParameter("vin", s.vin()).setParameter("at", Times.utc(s.startedAt())).getSingleResult();
                if (before == 0) {
                    em.persist(entry);
                    stored.add(s);
                }
            }
            return stored;
        });
    }

    /**
     * The sums of every stored session, added up by the database (one row per car and group, however
     * long the journal), and each car's last drive and charge.
     */
    public JournalTotals totals() throws JournalException {
        return inTransaction(em -> {
            List<JournalTotals.DriveSum> drives = new ArrayList<>();
            for (Object[] r : em.createQuery("SELECT e.vin, COUNT(e), SUM(e.distanceKm), SUM(e.energyUsedKwh) FROM DriveEntry e"
                    + " GROUP BY e.vin", Object[].class).getResultList()) {
                drives.add(new JournalTotals.DriveSum((String) r[0], number(r[1]).longValue(), real(r[2]), real(r[3])));
            }
            List<JournalTotals.ChargeSum> charges = new ArrayList<>();
            for (Object[] r : em.createQuery("SELECT e.vin, e.place, e.charger, e.currency, COUNT(e), SUM(e.energyAddedKwh),"
                    + " SUM(e.cost) FROM ChargeEntry e GROUP BY e.vin, e.place, e.charger, e.currency", Object[].class)
                    .getResultList()) {
                charges.add(new JournalTotals.ChargeSum((String) r[0], (String) r[1], ChargeEntry.kind((String) r[2]),
                        (String) r[3], number(r[4]).longValue(), real(r[5]), real(r[6])));
            }
            List<JournalTotals.ParkedSum> parked = new ArrayList<>();
            for (Object[] r : em.createQuery("SELECT e.vin, COUNT(e), SUM(CASE WHEN e.startSocPercent > e.endSocPercent"
                    + " THEN e.startSocPercent - e.endSocPercent ELSE 0.0 END) FROM ParkedEntry e"
                    + " WHERE e.startSocPercent IS NOT NULL AND e.endSocPercent IS NOT NULL GROUP BY e.vin", Object[].class).getResultList()) {
                parked.add(new JournalTotals.ParkedSum((String) r[0], number(r[1]).longValue(), real(r[2])));
            }
            List<Drive> lastDrives = em.createQuery("SELECT e FROM DriveEntry e WHERE e.startedAt ="
                    + " (SELECT MAX(x.startedAt) FROM DriveEntry x WHERE x.vin = e.vin)", DriveEntry.class)
                    .getResultList().stream().map(DriveEntry::drive).toList();
            List<Charge> lastCharges = em.createQuery("SELECT e FROM ChargeEntry e WHERE e.startedAt ="
                    + " (SELECT MAX(x.startedAt) FROM ChargeEntry x WHERE x.vin = e.vin)", ChargeEntry.class)
                    .getResultList().stream().map(ChargeEntry::charge).toList();
            return new JournalTotals(drives, charges, parked, lastDrives, lastCharges);
        });
    }

    private static Number number(Object o) {
        return (Number) o;
    }

    private static Double real(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    /** Replaces cars' open states ({@code null}: the car has none any more). */
    public void saveOpen(Map<String, String> states, Instant at) throws JournalException {
        inTransaction(em -> {
            states.forEach((vin, state) -> {
                OpenSessionEntry stored = em.find(OpenSessionEntry.class, vin);
                if (state == null) {
                    if (stored != null) {
                        em.remove(stored);
                    }
                } else if (stored == null) {
                    em.persist(new OpenSessionEntry(vin, state, Times.utc(at)));
                } else {
                    stored.state = state;
                    stored.updatedAt = Times.utc(at);
                }
            });
            return null;
        });
    }

    /** Every car's stored open state. */
    public Map<String, String> openStates() throws JournalException {
        return inTransaction(em -> {
            Map<String, String> states = new HashMap<>();
            for (OpenSessionEntry e : em.createQuery("SELECT e FROM OpenSessionEntry e", OpenSessionEntry.class).getResultList()) {
                states.put(e.vin, e.state);
            }
            return states;
        });
    }

    /** Drives that started in [from, to), of one car or (vin null) all, oldest first, at most {@code max}. */
    public List<Drive> drives(String vin, Instant from, Instant to, int max) throws JournalException {
        return inTransaction(em -> em.createQuery("SELECT e FROM DriveEntry e WHERE (:vin IS NULL OR e.vin = :vin)"
                + " AND e.startedAt >= :from AND e.startedAt < :to ORDER BY e.startedAt, e.vin", DriveEntry.class)
                .setParameter("vin", vin).setParameter("from", Times.utc(from)).setParameter("to", Times.utc(to))
                .setMaxResults(max).getResultList().stream().map(DriveEntry::drive).toList());
    }

    /** Charges that started in [from, to), of one car or (vin null) all, oldest first, at most {@code max}. */
    public List<Charge> charges(String vin, Instant from, Instant to, int max) throws JournalException {
        return inTransaction(em -> em.createQuery("SELECT e FROM ChargeEntry e WHERE (:vin IS NULL OR e.vin = :vin)"
                + " AND e.startedAt >= :from AND e.startedAt < :to ORDER BY e.startedAt, e.vin", ChargeEntry.class)
                .setParameter("vin", vin).setParameter("from", Times.utc(from)).setParameter("to", Times.utc(to))
                .setMaxResults(max).getResultList().stream().map(ChargeEntry::charge).toList());
    }

    /** Parked periods that started in [from, to), of one car or (vin null) all, oldest first, at most {@code max}. */
    public List<Parked> parked(String vin, Instant from, Instant to, int max) throws JournalException {
        return inTransaction(em -> em.createQuery("SELECT e FROM ParkedEntry e WHERE (:vin IS NULL OR e.vin = :vin)"
                + " AND e.startedAt >= :from AND e.startedAt < :to ORDER BY e.startedAt, e.vin", ParkedEntry.class)
                .setParameter("vin", vin).setParameter("from", Times.utc(from)).setParameter("to", Times.utc(to))
                .setMaxResults(max).getResultList().stream().map(ParkedEntry::parked).toList());
    }

    private <T> T inTransaction(Function<EntityManager, T> work) throws JournalException {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = factory.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (PersistenceException | IllegalStateException e) {
            if (tx != null && tx.isActive()) {
                try {
                    tx.rollback();
                } catch (PersistenceException ignored) {
                    // the connection is gone: nothing to roll back
                }
            }
            throw new JournalException("the journal's database refused: " + OneLine.rootCause(e), e);
        } finally {
            if (em != null) {
                em.close();
            }
        }
    }

    /**
     * Closes the store. An H2 file is kept open between transactions ({@code DB_CLOSE_DELAY=-1}: else each
     * last connection's close would close the file and compact it, half a core at 1,000 cars, see
     * CONTRIBUTING.md), each commit written at once ({@code WRITE_DELAY=0}: no background writer waking
     * every second, and nothing lost to a {@code kill -9}), and is shut down here.
     */
    @Override
    public void close() {
        factory.close();
        if (h2Url != null) {
            try (var c = java.sql.DriverManager.getConnection(h2Url, h2User, h2Password)) {
                c.createStatement().execute("SHUTDOWN");
            } catch (java.sql.SQLException ignored) {
                // already closed (a database that went away): nothing to shut down
            }
        }
    }
}

package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.journal.Journal;
import org.teslaexporter.journal.JournalException;
import org.teslaexporter.journal.JournalStore;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.vehicle.Vin;

/**
 * The Trips &amp; charges page ({@link JournalView}) and the journal's CSV downloads, behind the set-up
 * sign-in: {@code /setup/journal?month=2026-11}; {@code /setup/journal/drives.csv} and
 * {@code charges.csv} with optional {@code vin}, {@code from} and {@code to} (ISO dates, {@code to}
 * included, in the places' time zone). A parameter that is not a month, a date or a VIN is a 400;
 * every read is bounded ({@link #MAX_ROWS}).
 */
@WebServlet({"/setup/journal", "/setup/journal/drives.csv", "/setup/journal/charges.csv"})
public class JournalServlet extends HttpServlet {

    /** The most rows a page or a download reads. */
    static final int MAX_ROWS = 100_000;

    @Inject
    ExporterConfig config;

    @Inject
    Journal journal;

    @Inject
    FleetState fleet;

    /** A request's bounds, or why they are refused. */
    record Query(String vin, Instant from, Instant to, String refused) {

        static Query parse(String vin, String from, String to, ZoneId zone) {
            if (vin != null && !vin.isEmpty() && !Vin.valid(vin)) {
                return refused("vin is not a VIN (17 letters and digits)");
            }
            try {
                Instant start = from == null || from.isEmpty() ? Instant.EPOCH : LocalDate.parse(from).atStartOfDay(zone).toInstant();
                Instant end = to == null || to.isEmpty() ? Instant.parse("9999-12-31T00:00:00Z")
                        : LocalDate.parse(to).plusDays(1).atStartOfDay(zone).toInstant();
                if (!end.isAfter(start)) {
                    return refused("from is after to");
                }
                return new Query(vin == null || vin.isEmpty() ? null : vin, start, end, null);
            } catch (DateTimeException e) {
                return refused("from and to are dates such as 2026-11-30");
            }
        }

        private static Query refused(String why) {
            return new Query(null, null, null, why);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        ZoneId zone = config.places().timeZone();
        String path = request.getRequestURI();
        var store = journal.store();
        if (path.endsWith(".csv")) {
            Query q = Query.parse(request.getParameter("vin"), request.getParameter("from"), request.getParameter("to"), zone);
            if (q.refused() != null) {
                RequestLimitsFilter.plain(response, HttpServletResponse.SC_BAD_REQUEST, "Refused: " + q.refused() + ".");
                return;
            }
            if (store.isEmpty()) {
                RequestLimitsFilter.plain(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The journal's database cannot be"
                        + " reached now: " + journal.problem());
                return;
            }
            String csv;
            try {
                csv = path.endsWith("/drives.csv")
                        ? JournalCsv.write(JournalCsv.DRIVES, store.get().drives(q.vin(), q.from(), q.to(), MAX_ROWS))
                        : JournalCsv.write(JournalCsv.CHARGES, store.get().charges(q.vin(), q.from(), q.to(), MAX_ROWS));
            } catch (JournalException e) {
                RequestLimitsFilter.plain(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
                return;
            }
            response.setContentType("text/csv;charset=UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + (path.endsWith("/drives.csv") ? "drives" : "charges")
                    + ".csv\"");
            response.getOutputStream().write(csv.getBytes(StandardCharsets.UTF_8));
            return;
        }
        YearMonth month;
        try {
            String m = request.getParameter("month");
            month = m == null || m.isEmpty() ? YearMonth.now(Clock.system(zone)) : YearMonth.parse(m);
        } catch (DateTimeException e) {
            Pages.show(response, HttpServletResponse.SC_BAD_REQUEST, OutcomeView.refused("Refused: not a month",
                    "Ask for a month such as 2026-11."));
            return;
        }
        Instant[] bounds = JournalView.bounds(month, zone);
        var names = JournalView.names(fleet.vehicles());
        if (store.isEmpty()) {
            Pages.show(response, HttpServletResponse.SC_OK, JournalView.of(month, zone, names, List.of(), List.of(), false,
                    journal.problem()));
            return;
        }
        try {
            JournalStore s = store.get();
            Pages.show(response, HttpServletResponse.SC_OK, JournalView.of(month, zone, names,
                    s.drives(null, bounds[0], bounds[1], MAX_ROWS), s.charges(null, bounds[0], bounds[1], MAX_ROWS), journal.ok(),
                    journal.problem()));
        } catch (JournalException e) {
            Pages.show(response, HttpServletResponse.SC_OK, JournalView.of(month, zone, names, List.of(), List.of(), false,
                    e.getMessage()));
        }
    }
}

package org.teslaexporter.billing;

import org.teslaexporter.config.Prices;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/**
 * Billable requests of the current calendar month (UTC) and what they cost, with a projection of
 * the month-end spend and the stretch of the polling intervals that keeps it within the budget.
 * Pure and not thread-safe: {@link FleetApiBill} guards it; the benchmark uses it directly.
 */
public final class UsageLedger {

    /** Intervals are never stretched more than this. */
    static final double MAX_STRETCH = 20;
    /** A projection from less than this much of the month would be noise. */
    static final Duration MIN_ELAPSED = Duration.ofDays(1);

    private final Prices prices;
    private YearMonth month;
    private final Map<BillingCategory, Long> counts = new EnumMap<>(BillingCategory.class);

    public UsageLedger(Prices prices, YearMonth month) {
        this.prices = prices;
        this.month = month;
    }

    public Prices prices() {
        return prices;
    }

    /** Tesla bills every request answered with a status below 500 (a 408 from a sleeping car too). */
    public static boolean billed(int status) {
        return status > 0 && status < 500;
    }

    /** Counts one billable request; returns false (and counts nothing) if the status is not billed. */
    public boolean record(BillingCategory category, int status, Instant now) {
        rollOver(now);
        if (!billed(status)) {
            return false;
        }
        counts.merge(category, 1L, Long::sum);
        return true;
    }

    /** Counts streamed Fleet Telemetry signals (each is billed). */
    public void recordSignals(long n, Instant now) {
        rollOver(now);
        counts.merge(BillingCategory.SIGNAL, n, Long::sum);
    }

    /** Restores a month's counts (from the usage file). */
    public void restore(YearMonth savedMonth, Map<BillingCategory, Long> saved) {
        if (savedMonth.equals(month)) {
            counts.putAll(saved);
        }
    }

    public YearMonth month() {
        return month;
    }

    public long count(BillingCategory category) {
        return counts.getOrDefault(category, 0L);
    }

    public double monthToDateUsd(Instant now) {
        rollOver(now);
        double sum = 0;
        for (Map.Entry<BillingCategory, Long> e : counts.entrySet()) {
            sum += e.getValue() * e.getKey().price(prices);
        }
        return sum;
    }

    /** Month-to-date spend extrapolated to the month's end (from at least one day of history). */
    public double projectedMonthUsd(Instant now) {
        double spent = monthToDateUsd(now);
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Duration elapsed = Duration.between(start, now);
        if (elapsed.compareTo(MIN_ELAPSED) < 0) {
            elapsed = MIN_ELAPSED;
        }
        return spent * Duration.between(start, end).toSeconds() / (double) elapsed.toSeconds();
    }

    /** 1 within budget (or with no budget); otherwise projected / budget, at most {@link #MAX_STRETCH}. */
    public double stretch(Instant now) {
        if (prices.monthlyBudget() <= 0) {
            return 1;
        }
        double ratio = projectedMonthUsd(now) / prices.monthlyBudget();
        return Math.max(1, Math.min(MAX_STRETCH, ratio));
    }

    private void rollOver(Instant now) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        if (!current.equals(month)) {
            month = current;
            counts.clear();
        }
    }
}

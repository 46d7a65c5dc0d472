package org.teslaexporter.billing;

import org.teslaexporter.config.Prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageLedgerTest {

    private static final Instant NOV_11 = Instant.parse("2026-11-11T00:00:00Z");

    @Test
    void teslaBillsEveryAnswerBelow500() {
        assertThat(UsageLedger.billed(200)).isTrue();
        assertThat(UsageLedger.billed(408)).as("a sleeping car's 408 is billed too").isTrue();
        assertThat(UsageLedger.billed(429)).isTrue();
        assertThat(UsageLedger.billed(500)).isFalse();
        assertThat(UsageLedger.billed(540)).isFalse();
        assertThat(UsageLedger.billed(0)).as("no answer, no bill").isFalse();
    }

    @Test
    void costsByCategoryAndMonthRollover() {
        UsageLedger ledger = new UsageLedger(Prices.TESLA_2025, YearMonth.of(2026, 11));
        for (int i = 0; i < 500; i++) {
            ledger.record(BillingCategory.DATA, 200, NOV_11);
        }
        ledger.record(BillingCategory.WAKE, 200, NOV_11);
        ledger.record(BillingCategory.DATA, 503, NOV_11);
        assertThat(ledger.monthToDateUsd(NOV_11)).isCloseTo(1.02, within(1e-9));
        assertThat(ledger.monthToDateUsd(Instant.parse("2026-12-01T00:00:01Z"))).isZero();
    }

    @Test
    void projectionAndStretchKeepTheBudget() {
        UsageLedger ledger = new UsageLedger(new Prices(0.002, 0.02, Prices.SIGNAL_2025, 10), YearMonth.of(2026, 11));
        for (int i = 0; i < 2000; i++) {                                  // $4 in the first 10 days
            ledger.record(BillingCategory.DATA, 200, NOV_11);
        }
        assertThat(ledger.projectedMonthUsd(NOV_11)).isCloseTo(12.0, within(1e-9));   // 4 × 30 / 10
        assertThat(ledger.stretch(NOV_11)).isCloseTo(1.2, within(1e-9));
        UsageLedger noLimit = new UsageLedger(new Prices(0.002, 0.02, Prices.SIGNAL_2025, 0), YearMonth.of(2026, 11));
        noLimit.record(BillingCategory.DATA, 200, NOV_11);
        assertThat(noLimit.stretch(NOV_11)).isEqualTo(1.0);
    }

    @Test
    void theFirstHoursOfAMonthDoNotProjectWildly() {
        UsageLedger ledger = new UsageLedger(Prices.TESLA_2025, YearMonth.of(2026, 11));
        Instant oneHourIn = Instant.parse("2026-11-01T01:00:00Z");
        for (int i = 0; i < 30; i++) {
            ledger.record(BillingCategory.DATA, 200, oneHourIn);
        }
        assertThat(ledger.projectedMonthUsd(oneHourIn)).as("counted as a day, not an hour").isCloseTo(1.8, within(1e-9));
        assertThat(ledger.stretch(oneHourIn)).isEqualTo(1.0);
    }

    @Test
    void aSavedMonthIsRestoredOnlyIntoTheSameMonth() {
        UsageLedger ledger = new UsageLedger(Prices.TESLA_2025, YearMonth.of(2026, 11));
        ledger.restore(YearMonth.of(2026, 10), Map.of(BillingCategory.DATA, 999L));
        assertThat(ledger.count(BillingCategory.DATA)).isZero();
        ledger.restore(YearMonth.of(2026, 11), Map.of(BillingCategory.DATA, 100L));
        assertThat(ledger.monthToDateUsd(NOV_11)).isCloseTo(0.2, within(1e-9));
    }
}

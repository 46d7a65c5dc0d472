package org.teslaexporter.config;

/**
 * Price per billable request in USD ({@code PRICE_DATA_USD}, {@code PRICE_WAKE_USD}),
 * per streamed Fleet Telemetry signal ({@code PRICE_SIGNAL_USD}), and the
 * monthly budget ({@code MONTHLY_BUDGET_USD}, 0 = no limit).
 */
public record Prices(double data, double wake, double signal, double monthlyBudget) {

    /** Tesla's prices: 500 data requests, 50 wake-ups or 150,000 signals per $1 (the exporter sends no commands). */
    public static final double SIGNAL_2025 = 1.0 / 150_000;
    public static final Prices TESLA_2025 = new Prices(0.002, 0.02, SIGNAL_2025, 10.0);
}

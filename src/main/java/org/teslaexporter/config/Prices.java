package org.teslaexporter.config;

/**
 * Price per billable request in USD ({@code PRICE_DATA_USD}, {@code PRICE_WAKE_USD},
 * {@code PRICE_COMMAND_USD}), and the monthly budget ({@code MONTHLY_BUDGET_USD}, 0 = no limit).
 */
public record Prices(double data, double wake, double command, double monthlyBudget) {

    public static final Prices TESLA_2025 = new Prices(0.002, 0.02, 0.001, 10.0);
}

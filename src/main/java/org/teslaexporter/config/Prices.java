package org.teslaexporter.config;

import java.util.Map;

/**
 * Price per billable request in USD ({@code PRICE_DATA_USD}, {@code PRICE_WAKE_USD}),
 * per streamed Fleet Telemetry signal ({@code PRICE_SIGNAL_USD}), the monthly budget of the app —
 * every account together, as Tesla bills it ({@code MONTHLY_BUDGET_USD}, 0 = no limit) — and the
 * optional caps of single accounts ({@code ACCOUNT_BUDGETS}, account id to USD a month).
 */
public record Prices(double data, double wake, double signal, double monthlyBudget, Map<String, Double> accountBudgets) {

    /** Tesla's prices: 500 data requests, 50 wake-ups or 150,000 signals per $1 (the exporter sends no commands). */
    public static final double SIGNAL_2025 = 1.0 / 150_000;
    public static final Prices TESLA_2025 = new Prices(0.002, 0.02, SIGNAL_2025, 10.0);

    public Prices {
        accountBudgets = Map.copyOf(accountBudgets);
    }

    /** No caps of single accounts. */
    public Prices(double data, double wake, double signal, double monthlyBudget) {
        this(data, wake, signal, monthlyBudget, Map.of());
    }

    /** The cap of one account in USD a month, 0 = none of its own (the app's budget still holds). */
    public double accountBudget(String account) {
        return accountBudgets.getOrDefault(account, 0.0);
    }
}

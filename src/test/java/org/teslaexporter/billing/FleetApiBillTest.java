package org.teslaexporter.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

/**
 * The bill is the app's: one budget for every account together, each account's share kept (and saved)
 * beside it, and {@code ACCOUNT_BUDGETS} stretching only the account that goes over its own cap.
 */
class FleetApiBillTest {

    @TempDir
    Path data;

    /** What is registered: gauges by id, counters as counts. */
    private final Map<MetricID, Object> registered = new ConcurrentHashMap<>();

    private final MetricRegistry registry = (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MetricRegistry.class}, (proxy, method, args) -> switch (method.getName()) {
                case "gauge" -> {
                    Tag[] tags = args.length > 2 ? (Tag[]) args[args.length - 1] : new Tag[0];
                    registered.putIfAbsent(new MetricID(((Metadata) args[0]).getName(), tags), args[1]);
                    yield null;
                }
                case "counter" -> {
                    long[] count = (long[]) registered.computeIfAbsent(new MetricID(((Metadata) args[0]).getName(), (Tag[]) args[1]),
                            k -> new long[1]);
                    yield Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Counter.class}, (p, m, a) -> {
                        count[0]++;
                        return null;
                    });
                }
                case "remove" -> registered.remove((MetricID) args[0]) != null;
                case "removeMatching" -> {
                    var filter = (org.eclipse.microprofile.metrics.MetricFilter) args[0];
                    registered.keySet().removeIf(id -> filter.matches(id, null));
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private FleetApiBill bill(String budgets) {
        Settings s = SettingsReader.read(name -> Optional.ofNullable(switch (name) {
            case "DATA_DIR" -> data.toString();
            case "TOKEN_FILE_PATH" -> data.resolve("token.json").toString();
            case "MONTHLY_BUDGET_USD" -> "1000";
            case "ACCOUNT_BUDGETS" -> budgets;
            default -> null;
        }));
        return TestBills.bill(new ExporterConfig() {
            @Override
            public Settings settings() {
                return s;
            }
        }, registry);
    }

    private double gauge(String name, String account) {
        Object g = registered.get(new MetricID(name, new Tag("account", account)));
        return ((Number) ((Supplier<?>) g).get()).doubleValue();
    }

    @Test
    void eachAccountsShareIsKeptBesideTheAppsMonthAndSurvivesARestart() {
        FleetApiBill bill = bill("kid=0.01");
        for (int i = 0; i < 100; i++) {
            bill.record("kid", "5YJ3E1EA1KF000001", "vehicle_data", 200);
        }
        bill.record("dad", "5YJ3E1EA1KF000002", "wake_up", 200);
        bill.record("dad", "5YJ3E1EA1KF000002", "vehicle_data", 503);      // not billed: no share for it

        assertThat(bill.monthToDateUsd("kid")).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(bill.monthToDateUsd("dad")).isEqualTo(0.02, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(bill.billedCalls("kid")).isEqualTo(100);
        assertThat(bill.billedCalls("nobody")).isZero();
        assertThat(gauge(FleetApiBill.ACCOUNT_COST, "kid")).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));

        assertThat(bill.stretch()).as("the app's budget ($1000) holds").isEqualTo(1.0);
        assertThat(bill.stretch("kid")).as("the kid's car went over its own cap of $0.01").isGreaterThan(1.0);
        assertThat(bill.stretch("dad")).as("no cap of its own: the app's stretch").isEqualTo(1.0);
        assertThat(registered.keySet()).contains(new MetricID(FleetApiBill.REQUESTS, new Tag("account", "dad"),
                new Tag("endpoint", "vehicle_data"), new Tag("status", "503"), new Tag("vin", "5YJ3E1EA1KF000002")));

        FleetApiBill restarted = bill("kid=0.01");
        assertThat(restarted.monthToDateUsd("kid")).as("the usage file keeps each account's share")
                .isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(restarted.monthToDateUsd("dad")).isEqualTo(0.02, org.assertj.core.data.Offset.offset(1e-9));

        restarted.forget("kid");
        assertThat(registered.keySet()).as("a removed account's series leave").noneMatch(id -> "kid".equals(id.getTags().get("account")));
    }
}

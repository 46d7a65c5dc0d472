package org.teslaexporter.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.teslaexporter.billing.BillingCategory;
import org.teslaexporter.config.Prices;
import org.teslaexporter.billing.UsageLedger;
import org.teslaexporter.bench.SimulatedDay.Activity;
import org.teslaexporter.config.SettingsReader;
import org.teslaexporter.polling.PollAction;
import org.teslaexporter.polling.PollFailure;
import org.teslaexporter.config.PollIntervals;
import org.teslaexporter.polling.PollPolicy;
import org.teslaexporter.polling.PollState;
import org.teslaexporter.polling.PollStep;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleSnapshot;

/**
 * The benchmark of the polling policy: a deterministic simulation on a virtual clock (one-second
 * steps, no sleeping threads) of a car living {@link SimulatedDay}s, polled for 30 days by
 * <ol>
 * <li>the real {@link PollPolicy} with the exporter's default settings (the same defaults the
 *     server reads: {@link SettingsReader} with an empty environment), and</li>
 * <li>the earlier exporter's fixed schedule: every 300 s while the car is online, 660 s while not.</li>
 * </ol>
 * It prints, per day: data calls, wakes, estimated cost, the share of the time the car could have
 * slept that it did sleep, and the oldest data seen while driving and while charging (counted from
 * the start of the drive or charge). Run: {@code src/bench/policy-benchmark.sh}.
 */
public final class PolicyBenchmark {

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    /** One day's figures for one strategy. */
    public record Day(long dataCalls, long wakes, long stateChecks, double usd, long couldSleepSeconds,
            long sleptSeconds, long oldestDrivingSeconds, long oldestChargingSeconds) {

        public double sleptShare() {
            return couldSleepSeconds == 0 ? 1 : sleptSeconds / (double) couldSleepSeconds;
        }
    }

    /** Who decides what to ask the car. */
    interface Strategy {
        /** Acts if due; returns the second of its next action. */
        long act(long now, SimulatedCar car, Meter meter);
    }

    /** Counts what a strategy does and what the car experiences. */
    static final class Meter {
        final UsageLedger ledger = new UsageLedger(Prices.TESLA_2025, YearMonth.of(2026, 11));
        long data;
        long wakes;
        long states;
        long couldSleep;
        long slept;
        long oldestDriving;
        long oldestCharging;
        long lastFresh = Long.MIN_VALUE / 2;

        void dataCall(long now, boolean answered) {
            data++;
            ledger.record(BillingCategory.DATA, answered ? 200 : 408, START.plusSeconds(now));
            if (answered) {
                lastFresh = now;
            }
        }

        void wake(long now) {
            wakes++;
            ledger.record(BillingCategory.WAKE, 200, START.plusSeconds(now));
        }

        Day closeDay() {
            Day d = new Day(data, wakes, states, data * Prices.TESLA_2025.data() + wakes * Prices.TESLA_2025.wake(),
                    couldSleep, slept, oldestDriving, oldestCharging);
            data = wakes = states = couldSleep = slept = oldestDriving = oldestCharging = 0;
            return d;
        }
    }

    /** The exporter's policy, as {@code VehiclePoller} drives it. */
    static final class SleepAware implements Strategy {
        private final PollPolicy policy;
        private PollStep plan;

        SleepAware(PollIntervals intervals) {
            policy = new PollPolicy(intervals, false, new SplittableRandom(42));
        }

        @Override
        public long act(long now, SimulatedCar car, Meter meter) {
            Instant t = START.plusSeconds(now);
            if (plan == null) {
                meter.states++;
                plan = policy.onState(PollState.initial(), car.state(), t);
            } else {
                plan = switch (plan.action()) {
                    case CHECK_STATE -> {
                        meter.states++;
                        yield policy.onState(plan.state(), car.state(), t);
                    }
                    case FETCH_DATA -> {
                        VehicleSnapshot data = car.vehicleData(now);
                        meter.dataCall(now, data != null);
                        yield data == null
                                ? policy.onFailure(plan.state(), PollAction.FETCH_DATA, PollFailure.ASLEEP, null, t)
                                : policy.onData(plan.state(), data, t, meter.ledger.stretch(t));
                    }
                    case WAKE -> {
                        car.wake(now);
                        meter.wake(now);
                        yield policy.onWakeSent(plan.state(), t);
                    }
                };
            }
            return Math.max(now + 1, plan.at().getEpochSecond() - START.getEpochSecond());
        }
    }

    /** The earlier exporter: list; if online read data; 300 s while online, 660 s while not. */
    static final class FixedSchedule implements Strategy {
        @Override
        public long act(long now, SimulatedCar car, Meter meter) {
            meter.states++;
            if (car.state() == OnlineState.ONLINE) {
                meter.dataCall(now, car.vehicleData(now) != null);
                return now + 300;
            }
            return now + 660;
        }
    }

    /** Runs {@code strategy} for {@code days} simulated days; the car starts parked and awake at midnight. */
    static List<Day> run(Strategy strategy, int days) {
        SimulatedDay day = new SimulatedDay();
        SimulatedCar car = new SimulatedCar(day);
        Meter meter = new Meter();
        List<Day> result = new ArrayList<>();
        long next = 0;
        long segmentStart = 0;
        Activity previous = null;
        for (long now = 0; now < days * 86_400L; now++) {
            car.tick(now);
            if (now >= next) {
                next = strategy.act(now, car, meter);
            }
            Activity activity = car.activity(now);
            if (activity != previous) {
                segmentStart = now;
                previous = activity;
            }
            long age = now - Math.max(meter.lastFresh, segmentStart);
            if (activity == Activity.DRIVING) {
                meter.oldestDriving = Math.max(meter.oldestDriving, age);
            } else if (activity == Activity.CHARGING) {
                meter.oldestCharging = Math.max(meter.oldestCharging, age);
            }
            if (car.couldSleep(now)) {
                meter.couldSleep++;
                if (car.asleep()) {
                    meter.slept++;
                }
            }
            if ((now + 1) % 86_400 == 0) {
                result.add(meter.closeDay());
            }
        }
        return result;
    }

    /** The defaults a user gets: the settings read from an empty environment. */
    static PollIntervals defaults() {
        return SettingsReader.read(name -> java.util.Optional.empty()).polling();
    }

    static Day total(List<Day> days) {
        return days.stream().reduce(new Day(0, 0, 0, 0, 0, 0, 0, 0), (a, b) -> new Day(a.dataCalls + b.dataCalls,
                a.wakes + b.wakes, a.stateChecks + b.stateChecks, a.usd + b.usd, a.couldSleepSeconds + b.couldSleepSeconds,
                a.sleptSeconds + b.sleptSeconds, Math.max(a.oldestDrivingSeconds, b.oldestDrivingSeconds),
                Math.max(a.oldestChargingSeconds, b.oldestChargingSeconds)));
    }

    public static void main(String[] args) {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        PollIntervals intervals = defaults();
        long started = System.nanoTime();
        List<Day> policy = run(new SleepAware(intervals), days);
        List<Day> fixed = run(new FixedSchedule(), days);
        print(System.out, intervals, policy, fixed, (System.nanoTime() - started) / 1e9);
    }

    static void print(PrintStream out, PollIntervals i, List<Day> policy, List<Day> fixed, double seconds) {
        out.printf(Locale.ROOT, "Policy benchmark: %d simulated days in %.1f s. Defaults: driving %d s, charging %d s,"
                        + " parked %d s, asleep %d s, suspend after %d s idle for up to %d s, state check %d s.%n",
                policy.size(), seconds, i.driving().toSeconds(), i.charging().toSeconds(), i.parked().toSeconds(),
                i.sleep().toSeconds(), i.suspendAfterIdle().toSeconds(), i.suspendMax().toSeconds(), i.stateCheck().toSeconds());
        out.println("day | data calls      | wakes   | est. $          | slept/could     | oldest driving s | oldest charging s | state checks");
        out.println("    | policy  fixed   | pol fix | policy  fixed   | policy  fixed   | policy  fixed    | policy  fixed     | policy");
        for (int d = 0; d < policy.size(); d++) {
            row(out, Integer.toString(d + 1), policy.get(d), fixed.get(d));
        }
        Day p = total(policy);
        Day f = total(fixed);
        row(out, "all", p, f);
        double callShare = p.dataCalls / (double) f.dataCalls;
        out.printf(Locale.ROOT, "%nPer month (30 days): policy %d data calls, $%.2f; fixed schedule %d data calls, $%.2f.%n",
                p.dataCalls * 30 / policy.size(), p.usd * 30 / policy.size(), f.dataCalls * 30 / fixed.size(),
                f.usd * 30 / fixed.size());
        long drivingBound = i.driving().plus(i.sleep()).toSeconds();
        long chargingBound = i.charging().plus(i.sleep()).toSeconds();
        out.printf(Locale.ROOT, "Targets: data calls %.1f %% of fixed (<= 25 %%) %s; sleep %.1f %% of possible (>= 90 %%) %s;"
                        + " wakes %d (0) %s; oldest data driving %d s (<= %d s) %s, charging %d s (<= %d s) %s%n",
                100 * callShare, verdict(callShare <= 0.25), 100 * p.sleptShare(), verdict(p.sleptShare() >= 0.9),
                p.wakes, verdict(p.wakes == 0), p.oldestDrivingSeconds, drivingBound,
                verdict(p.oldestDrivingSeconds <= drivingBound), p.oldestChargingSeconds, chargingBound,
                verdict(p.oldestChargingSeconds <= chargingBound));
    }

    private static void row(PrintStream out, String label, Day p, Day f) {
        out.printf(Locale.ROOT, "%-3s | %6d %6d   | %3d %3d | %6.3f %7.3f  | %5.1f%% %5.1f%%  | %6d %6d    | %6d %6d     | %6d%n",
                label, p.dataCalls, f.dataCalls, p.wakes, f.wakes, p.usd, f.usd, 100 * p.sleptShare(),
                100 * f.sleptShare(), p.oldestDrivingSeconds, f.oldestDrivingSeconds, p.oldestChargingSeconds,
                f.oldestChargingSeconds, p.stateChecks);
    }

    private static String verdict(boolean ok) {
        return ok ? "MET" : "MISSED";
    }

}

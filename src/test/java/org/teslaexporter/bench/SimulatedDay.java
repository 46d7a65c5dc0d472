package org.teslaexporter.bench;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What the car's owner does with it on a simulated day (minutes since midnight): a morning
 * preconditioning and commute, a lunch trip with a 40-minute stop, the commute home with a
 * 10-minute shop stop, unloading with a door open, an evening charge, and nights parked.
 * Weekends (every 6th and 7th day) have one longer trip instead.
 */
final class SimulatedDay {

    enum Activity {
        /** Parked, nothing keeps the car awake. */
        IDLE,
        /** Parked with someone inside, climate on or a door open. */
        BUSY,
        DRIVING,
        CHARGING
    }

    private record Slot(int from, int to, Activity activity) {
    }

    private final List<Slot> weekday = new ArrayList<>();
    private final List<Slot> weekend = new ArrayList<>();

    SimulatedDay() {
        weekday.add(slot("07:20", "07:30", Activity.BUSY));       // preconditioning, owner gets in
        weekday.add(slot("07:30", "08:05", Activity.DRIVING));    // commute
        weekday.add(slot("12:30", "12:40", Activity.DRIVING));    // lunch
        weekday.add(slot("13:20", "13:30", Activity.DRIVING));    // back after a 40 min stop
        weekday.add(slot("17:30", "17:50", Activity.DRIVING));    // home, with a shop stop
        weekday.add(slot("18:00", "18:20", Activity.DRIVING));
        weekday.add(slot("18:20", "18:25", Activity.BUSY));       // unloading, door open
        weekday.add(slot("18:25", "21:10", Activity.CHARGING));   // evening charge, 11 kW
        weekend.add(slot("10:00", "10:05", Activity.BUSY));
        weekend.add(slot("10:05", "11:35", Activity.DRIVING));    // a trip out
        weekend.add(slot("11:35", "14:30", Activity.IDLE));
        weekend.add(slot("14:30", "16:00", Activity.DRIVING));    // and back
        weekend.add(slot("16:00", "17:00", Activity.CHARGING));
    }

    private static Slot slot(String from, String to, Activity activity) {
        return new Slot(LocalTime.parse(from).toSecondOfDay(), LocalTime.parse(to).toSecondOfDay(), activity);
    }

    /** What the owner does at {@code second} seconds since the start of day 0. */
    Activity at(long second) {
        long day = second / 86_400;
        int secondOfDay = (int) (second % 86_400);
        for (Slot s : day % 7 >= 5 ? weekend : weekday) {
            if (secondOfDay >= s.from && secondOfDay < s.to) {
                return s.activity;
            }
        }
        return Activity.IDLE;
    }

    static final Duration DAY = Duration.ofDays(1);
}

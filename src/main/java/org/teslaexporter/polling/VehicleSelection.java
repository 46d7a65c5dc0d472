package org.teslaexporter.polling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * Which of the account's vehicles to monitor: those named in {@code TESLA_VINS}; else the one at
 * {@code TESLA_VEHICLE_INDEX}; else all of them. Names that match nothing become warnings.
 */
public record VehicleSelection(List<VehicleSummary> monitored, List<String> warnings) {

    public static VehicleSelection select(List<VehicleSummary> account, List<String> vins, Integer index) {
        List<String> warnings = new ArrayList<>();
        if (!vins.isEmpty()) {
            Map<String, VehicleSummary> byVin = account.stream()
                    .collect(Collectors.toMap(VehicleSummary::vin, Function.identity(), (a, b) -> a));
            List<VehicleSummary> chosen = new ArrayList<>();
            for (String vin : vins) {
                VehicleSummary found = byVin.get(vin);
                if (found == null) {
                    warnings.add("TESLA_VINS names " + vin + ", but the account has no such vehicle (it has: "
                            + account.stream().map(VehicleSummary::vin).collect(Collectors.joining(", ")) + ")");
                } else {
                    chosen.add(found);
                }
            }
            if (index != null) {
                warnings.add("TESLA_VEHICLE_INDEX is ignored because TESLA_VINS is set");
            }
            return new VehicleSelection(List.copyOf(chosen), List.copyOf(warnings));
        }
        if (index != null) {
            if (index < account.size()) {
                return new VehicleSelection(List.of(account.get(index)), List.of());
            }
            warnings.add("TESLA_VEHICLE_INDEX=" + index + ", but the account has " + account.size()
                    + " vehicle(s); counting starts at 0");
            return new VehicleSelection(List.of(), List.copyOf(warnings));
        }
        return new VehicleSelection(List.copyOf(account), List.of());
    }
}

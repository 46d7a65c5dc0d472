package org.teslaexporter.fleetapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSummary;

class FleetApiGatewayTest {

    private static final URI NA = URI.create("https://fleet-api.prd.na.vn.cloud.tesla.com");

    @Test
    void a421IsFollowedOnlyToTeslasOwnHostsOrTheHostInUse() {
        assertThat(FleetApiGateway.trustworthy(URI.create("https://fleet-api.prd.eu.vn.cloud.tesla.com"), NA)).isTrue();
        assertThat(FleetApiGateway.trustworthy(URI.create("https://fleet-api.prd.cn.vn.cloud.tesla.cn"), NA)).isTrue();
        assertThat(FleetApiGateway.trustworthy(URI.create("https://evil.example.com"), NA)).isFalse();
        assertThat(FleetApiGateway.trustworthy(URI.create("https://tesla.com.evil.example"), NA)).isFalse();
        assertThat(FleetApiGateway.trustworthy(URI.create("http://fleet-api.prd.eu.vn.cloud.tesla.com"), NA))
                .as("no downgrade to plain http").isFalse();
        assertThat(FleetApiGateway.trustworthy(URI.create("http://127.0.0.1:9999"), URI.create("http://127.0.0.1:8080")))
                .as("the configured host (a local proxy or test server)").isTrue();
    }

    @Test
    void onlyTeslasPublishedFleetApiHostsAreTrustedNotAnyTeslaSubdomain() {
        for (String foreign : new String[] {"https://evil.tesla.com", "https://auth.tesla.com", "https://tesla.com",
                "https://fleet-api.prd.xx.vn.cloud.tesla.com", "https://fleet-api.prd.na.vn.cloud.tesla.com.evil.example",
                "https://user@fleet-api.prd.eu.vn.cloud.tesla.com", "https://fleet-api.prd.eu.vn.cloud.tesla.com:8443",
                "https://fleet-api.prd.eu.vn.cloud.tesla.com/elsewhere", "https://fleet-api.prd.eu.vn.cloud.tesla.org"}) {
            assertThat(FleetApiGateway.trustworthy(URI.create(foreign), NA)).as(foreign).isFalse();
        }
        assertThat(FleetApiGateway.trustworthy(URI.create("https://FLEET-API.prd.eu.vn.cloud.tesla.com/"), NA)).isTrue();
    }

    private static final VehicleDataTranslator TRANSLATOR = new VehicleDataTranslator();

    /** A list of {@code cars} cars served {@code size} a page, as Tesla pages it ({@code pagination}, {@code count}). */
    static IntFunction<JsonObject> paged(int cars, int size, List<Integer> asked) {
        return page -> {
            asked.add(page);
            JsonArrayBuilder list = Json.createArrayBuilder();
            for (int i = (page - 1) * size; i < Math.min(cars, page * size); i++) {
                list.add(Json.createObjectBuilder().add("id", i).add("vin", String.format("5YJ3E7EB0NF%06d", i))
                        .add("display_name", "car " + i).add("state", "online"));
            }
            int pages = (cars + size - 1) / size;
            JsonObjectBuilder pagination = Json.createObjectBuilder().add("current", page).add("per_page", size)
                    .add("count", cars).add("pages", pages);
            if (page < pages) {
                pagination.add("next", page + 1);
            } else {
                pagination.addNull("next");
            }
            return Json.createObjectBuilder().add("response", list).add("pagination", pagination).add("count", cars).build();
        };
    }

    @Test
    void theVehicleListIsReadPageAfterPageEachCarOnce() {
        List<Integer> asked = new ArrayList<>();
        List<VehicleSummary> cars = FleetApiGateway.allPages(paged(7, 3, asked), TRANSLATOR);
        assertThat(cars).hasSize(7).extracting(VehicleSummary::vin).doesNotHaveDuplicates().contains("5YJ3E7EB0NF000006");
        assertThat(asked).containsExactly(1, 2, 3);
    }

    @Test
    void aListWithoutPagingIsOnePageAsTeslaAnswersAFewCars() throws Exception {
        List<Integer> asked = new ArrayList<>();
        // a recorded answer for one car: "count": 1, no pagination (skipped with a notice without ../shared)
        JsonObject real = Fixtures.json(Fixtures.shared("vehicles.real_online_2023.json"));
        List<VehicleSummary> cars = FleetApiGateway.allPages(page -> {
            asked.add(page);
            return real;
        }, TRANSLATOR);
        assertThat(cars).hasSize(1);
        assertThat(asked).containsExactly(1);
    }

    @Test
    void aServerThatIgnoresThePageIsNotAskedForever() {
        List<Integer> asked = new ArrayList<>();
        IntFunction<JsonObject> firstPageOnly = paged(250, 100, new ArrayList<>());
        List<VehicleSummary> cars = FleetApiGateway.allPages(page -> {
            asked.add(page);
            return firstPageOnly.apply(1);      // always page 1, saying more follow
        }, TRANSLATOR);
        assertThat(cars).hasSize(100);
        assertThat(asked).containsExactly(1, 2);
    }

    @Test
    void aListThatNeverEndsStopsAtTheLimitAndABrokenPageFailsTheListing() {
        List<Integer> asked = new ArrayList<>();
        List<VehicleSummary> cars = FleetApiGateway.allPages(paged(1_000_000, 1, asked), TRANSLATOR);
        assertThat(asked).hasSize(FleetApiGateway.MAX_PAGES);
        assertThat(cars).hasSize(FleetApiGateway.MAX_PAGES);
        IntFunction<JsonObject> good = paged(7, 3, new ArrayList<>());
        assertThatThrownBy(() -> FleetApiGateway.allPages(page -> page == 2 ? Json.createObjectBuilder().add("error", "x").build()
                : good.apply(page), TRANSLATOR)).isInstanceOf(MalformedAnswerException.class);
    }
}

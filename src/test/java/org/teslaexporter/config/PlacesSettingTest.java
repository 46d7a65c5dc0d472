package org.teslaexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.places.Places;

/** {@code PLACES_FILE}: read at start; a missing, oversized or contradictory file stops it, naming the file and the field. */
class PlacesSettingTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsReadOnceWithTheSettingsAndNoFileMeansNoPlaces() throws Exception {
        Path file = dir.resolve("places.json");
        Files.writeString(file, "{\"places\": [{\"name\": \"home\", \"latitude\": 52.52, \"longitude\": 13.405, \"radius_m\": 100}]}");
        Settings s = SettingsReader.read(name -> Optional.ofNullable(Map.of("PLACES_FILE", file.toString()).get(name)));
        assertThat(s.files().placesFile()).isEqualTo(file.toAbsolutePath());
        assertThat(ExporterConfig.places(s.files().placesFile()).nameAt(52.52, 13.405)).isEqualTo("home");
        Settings none = SettingsReader.read(name -> Optional.ofNullable(Map.of("PLACES_FILE", " ").get(name)));
        assertThat(none.files().placesFile()).isNull();
        assertThat(ExporterConfig.places(null)).isSameAs(Places.NONE);
    }

    @Test
    void aFileThatCannotBeUsedNamesItselfAndItsField() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> ExporterConfig.places(missing)).isInstanceOfSatisfying(InvalidSettingsException.class,
                e -> assertThat(e.problems()).singleElement().asString().startsWith("PLACES_FILE (" + missing + ") does not exist"));
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[300 * 1024]);
        assertThatThrownBy(() -> ExporterConfig.places(big)).isInstanceOfSatisfying(InvalidSettingsException.class,
                e -> assertThat(e.problems()).singleElement().asString().contains("cannot be read").contains("larger than"));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"time_zone\": \"Nowhere/Else\"}");
        assertThatThrownBy(() -> ExporterConfig.places(bad)).isInstanceOfSatisfying(InvalidSettingsException.class,
                e -> assertThat(e.problems()).containsExactly("PLACES_FILE (" + bad + "): time_zone \"Nowhere/Else\" is not a time zone"
                        + " (e.g. Europe/Berlin, America/New_York)"));
    }
}

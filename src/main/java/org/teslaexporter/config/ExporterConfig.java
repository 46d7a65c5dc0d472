package org.teslaexporter.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.teslaexporter.places.Places;
import org.teslaexporter.places.PlacesFile;
import org.teslaexporter.places.PlacesFileException;
import org.teslaexporter.storage.SmallFiles;

/**
 * The validated {@link Settings}, read once from MicroProfile Config (so environment variables,
 * system properties and {@code microprofile-config.properties} all work) and shared by every bean.
 * A CA file that holds a private key ({@link CaChain}) is refused here too, so start-up stops, and so
 * is a places file that cannot be used ({@link PlacesFile}).
 */
@ApplicationScoped
public class ExporterConfig {

    private volatile Settings settings;
    private volatile Places places = Places.NONE;

    /** @throws InvalidSettingsException on the first call if any variable is wrong */
    public Settings settings() {
        Settings s = settings;
        if (s == null) {
            synchronized (this) {
                if (settings == null) {
                    Config config = ConfigProvider.getConfig();
                    Settings read = SettingsReader.read(name -> config.getOptionalValue(name, String.class));
                    List<String> problems = new java.util.ArrayList<>();
                    String ca = CaChain.problem(read.telemetry().caFile());
                    if (ca != null) {
                        problems.add(ca);
                    }
                    try {
                        places = read.files().placesFile() == null && read.server().demo() ? demoPlaces()
                                : places(read.files().placesFile());
                    } catch (InvalidSettingsException badPlaces) {
                        problems.addAll(badPlaces.problems());
                    }
                    if (!problems.isEmpty()) {
                        throw new InvalidSettingsException(problems);
                    }
                    settings = read;
                }
                s = settings;
            }
        }
        return s;
    }

    /** The owner's places and prices ({@code PLACES_FILE}), read with the settings; {@link Places#NONE} without one. */
    public Places places() {
        settings();
        return places;
    }

    /** The demo's home and work (where its cars drive and charge), unless the owner gives a places file of their own. */
    static Places demoPlaces() {
        try (var in = ExporterConfig.class.getResourceAsStream("/demo-places.json")) {
            return PlacesFile.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | PlacesFileException e) {
            throw new IllegalStateException("the demo's places (demo-places.json in the WAR)", e);
        }
    }

    /** @throws InvalidSettingsException naming every problem of the file */
    static Places places(Path file) {
        if (file == null) {
            return Places.NONE;
        }
        String where = "PLACES_FILE (" + file + ")";
        try {
            return PlacesFile.parse(SmallFiles.read(file, PlacesFile.MAX_BYTES));
        } catch (NoSuchFileException missing) {
            throw new InvalidSettingsException(List.of(where + " does not exist: create it (README, \"Places and prices\")"
                    + " or unset PLACES_FILE"));
        } catch (IOException unreadable) {
            throw new InvalidSettingsException(List.of(where + " cannot be read: " + unreadable.getMessage()));
        } catch (PlacesFileException bad) {
            throw new InvalidSettingsException(bad.problems().stream().map(m -> where + ": " + m).toList());
        }
    }
}

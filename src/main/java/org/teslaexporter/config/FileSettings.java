package org.teslaexporter.config;

import java.nio.file.Path;

/**
 * Where the exporter keeps what must survive a restart: built by name ({@link #builder()}).
 *
 * @param tokenFile {@code TOKEN_FILE_PATH}: the login, in the earlier exporter's format
 * @param dataDir   {@code DATA_DIR}: the app's keys, the set-up token, the usage file, the remembered
 *                  region; by default beside the token file (in demo mode, the run's private folder)
 * @param placesFile {@code PLACES_FILE}: the owner's places and prices, or null (every place is "other",
 *                  costs unknown)
 */
public record FileSettings(Path tokenFile, Path dataDir, Path placesFile) {

    public static Builder builder() {
        return new Builder();
    }

    /** Every path by its name. */
    public static final class Builder {
        private Path tokenFile;
        private Path dataDir;
        private Path placesFile;

        private Builder() {
        }

        public Builder tokenFile(Path v) {
            tokenFile = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        /** Optional: null means no places file. */
        public Builder placesFile(Path v) {
            placesFile = v;
            return this;
        }

        public FileSettings build() {
            return new FileSettings(Required.of(tokenFile, "tokenFile"), Required.of(dataDir, "dataDir"), placesFile);
        }
    }
}

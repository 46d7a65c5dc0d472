package org.teslaexporter.accounts;

import java.nio.file.Path;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.fleetapi.FleetApiGateway;

/**
 * One Tesla account the exporter serves: its id (Tesla's user id, or {@code default} for the login of
 * {@code TOKEN_FILE_PATH}), the name the admin gave it (never the e-mail), its login and its door to
 * the Fleet API. The name is the only thing that changes; everything else lives as long as the account.
 */
public final class Account {

    private final String id;
    private volatile String name;
    private final AccessTokens tokens;
    private final FleetApiGateway api;
    private final Path folder;

    Account(String id, String name, AccessTokens tokens, FleetApiGateway api, Path folder) {
        this.id = id;
        this.name = name;
        this.tokens = tokens;
        this.api = api;
        this.folder = folder;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    void name(String newName) {
        name = newName;
    }

    public AccessTokens tokens() {
        return tokens;
    }

    public FleetApiGateway api() {
        return api;
    }

    /** {@code accounts/<id>} in the data folder. */
    public Path folder() {
        return folder;
    }

    @Override
    public String toString() {
        return "Account[" + id + "]";
    }
}

package org.teslaexporter.accounts;

import java.util.function.Consumer;
import org.teslaexporter.auth.TokenEndpointClient;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.config.ExporterConfig;

/** An {@link AccountRegistry} made as CDI makes it, for tests of other packages. */
public final class TestAccounts {

    private TestAccounts() {
    }

    /** The accounts in {@code DATA_DIR/accounts} of {@code config}'s settings; a token endpoint that refuses everything. */
    public static AccountRegistry registry(ExporterConfig config, FleetApiBill bill, Consumer<AccountEvent> hears) {
        return registry(config, bill, form -> {
            throw new jakarta.ws.rs.ProcessingException("no token endpoint in this test");
        }, hears);
    }

    public static AccountRegistry registry(ExporterConfig config, FleetApiBill bill, TokenEndpointClient endpoint,
            Consumer<AccountEvent> hears) {
        AccountRegistry registry = new AccountRegistry();
        registry.config = config;
        registry.bill = bill;
        registry.init(config.settings(), endpoint, hears);
        return registry;
    }
}

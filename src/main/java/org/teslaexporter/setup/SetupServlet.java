package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import org.teslaexporter.accounts.AccountRegistry;
import org.teslaexporter.accounts.Invitations;
import org.teslaexporter.auth.AppKeys;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.telemetry.TelemetryConfigurator;
import org.teslaexporter.telemetry.TelemetrySubscriber;
import org.teslaexporter.vehicle.TrackedVehicle;

/**
 * The set-up page ({@link SetupView}, {@code setup.jte}): what is configured and what to do next,
 * the app key, the partner registration, "Log in with Tesla" and the paste form, the vehicles and
 * streaming. Behind {@link AdminFilter}. Each of its forms posts to its own action
 * ({@link SetupAction}); a GET only reads what the exporter already knows.
 */
@WebServlet({"/setup", "/setup/*"})
public class SetupServlet extends HttpServlet {

    /** Longest redirect URL accepted in the paste form. */
    static final int MAX_PASTED = 8192;

    @Inject
    ExporterConfig config;

    @Inject
    AccountRegistry accounts;

    @Inject
    FleetApiBill bill;

    @Inject
    Invitations invitations;

    @Inject
    AppKeys appKeys;

    @Inject
    OAuthLogin login;

    @Inject
    FleetState fleet;

    @Inject
    TelemetrySubscriber stream;

    @Inject
    TelemetryConfigurator telemetryConfig;

    @Inject
    Cluster cluster;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String path = request.getRequestURI();
        if (!path.equals("/setup") && !path.equals("/setup/")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Settings s = config.settings();
        URI region = accounts.primaryRegion();
        // ?account=<id>: one account's cars (its row's car count links here)
        var only = accounts.find(request.getParameter("account"));
        Collection<TrackedVehicle> vehicles = only.isPresent() ? fleet.vehicles(only.get().id()) : fleet.vehicles();
        var rows = SetupView.accountRows(accounts.accounts(), fleet::size, bill::billedCalls, bill::monthToDateUsd);
        var facts = new SetupView.StreamFacts(stream.connected(), stream.problem(), telemetryConfig.enabled(),
                telemetryConfig.problem(), telemetryConfig::status);
        String csrf = ((AdminSessions.Session) request.getAttribute(AdminFilter.SESSION)).csrf();
        Pages.show(response, HttpServletResponse.SC_OK, new SetupView(s.server().demo(), csrf,
                SetupView.config(s, region, cluster, fleet.size()), SetupView.keys(s, appKeys.status()),
                SetupView.registration(s, region, login.lastRegistration().orElse(null)),
                SetupView.login(rows, login.loginBlocker()),
                SetupView.accounts(rows, accounts.dropProblems(), accounts.root(), invitations.list(), java.time.Instant.now()),
                only.map(a -> a.name()).orElse(null), SetupView.vehicles(vehicles, fleet::account, config.places()),
                SetupView.places(config.places()), SetupView.streaming(s, facts, vehicles)));
    }
}

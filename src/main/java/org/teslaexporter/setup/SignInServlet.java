package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.teslaexporter.auth.AdminAccess;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.http.LogLimiter;
import org.teslaexporter.http.OneLine;

/**
 * The sign-in page ({@link SignInView}), the only page under {@code /setup} open without a session:
 * the set-up token or admin password, wrong attempts held back per client ({@link SignInThrottle}),
 * and a browser that signed in before marked so a stranger's attempts cannot lock it out.
 */
@WebServlet("/setup/signin")
public class SignInServlet extends HttpServlet {

    /** The mark of a browser that signed in before ({@link AdminAccess#newDeviceMark()}); kept a year. */
    static final String DEVICE_COOKIE = "TESLA_EXPORTER_DEVICE";
    static final long DEVICE_MAX_AGE_SECONDS = 365L * 24 * 3600;

    @Inject
    ExporterConfig config;

    @Inject
    AdminAccess admin;

    @Inject
    AdminSessions sessions;

    private final SignInThrottle throttle = new SignInThrottle(Clock.systemUTC());
    private final LogLimiter failureLog = new LogLimiter(Logger.getLogger(SignInServlet.class.getName()),
            Duration.ofMinutes(1), Clock.systemUTC());

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        Pages.show(response, HttpServletResponse.SC_OK, new SignInView(admin.credentialName(), null));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        var proxies = config.settings().server().trustedProxies();
        String client = ClientRequests.clientAddress(request, proxies);
        // a browser that signed in before is not held back by the global limit an attacker may keep busy
        Optional<Duration> wait = throttle.wait(client, admin.knowsDevice(ClientRequests.cookie(request, DEVICE_COOKIE)));
        if (wait.isPresent()) {
            // answered at once: no thread parked, and the password is not even looked at
            response.setHeader("Retry-After", Long.toString(wait.get().toSeconds()));
            Pages.show(response, 429, new SignInView(admin.credentialName(),
                    "Too many wrong attempts: wait " + wait.get().toSeconds() + " s before the next one."));
            return;
        }
        if (!admin.accepts(request.getParameter("password"))) {
            int failures = throttle.failed(client);
            failureLog.log(Level.WARNING, client, "Wrong set-up page password from " + OneLine.of(client, 45)
                    + " (" + failures + " in a row)");
            Pages.show(response, HttpServletResponse.SC_FORBIDDEN, new SignInView(admin.credentialName(),
                    "That is not the " + admin.credentialName() + "."));
            return;
        }
        throttle.succeeded(client);
        boolean https = ClientRequests.overHttps(request, proxies);
        ClientRequests.setCookie(response, DEVICE_COOKIE, admin.newDeviceMark(), "/setup", "Strict", DEVICE_MAX_AGE_SECONDS, https);
        if (!sessions.signIn(request, response, https)) {
            Pages.show(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, new SignInView(admin.credentialName(),
                    "The other members of the cluster did not answer: sign in again in a moment."));
            return;
        }
        ClientRequests.seeOther(response, "/setup");
    }
}

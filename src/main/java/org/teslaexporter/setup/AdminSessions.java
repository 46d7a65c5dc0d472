package org.teslaexporter.setup;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.teslaexporter.auth.LoginStates;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;

/**
 * Signed-in admins of the set-up page. The exporter's own sessions rather than the container's, so
 * the cookie is exactly what README promises: {@code TESLA_EXPORTER_SESSION}, {@code HttpOnly},
 * {@code SameSite=Strict}, {@code Path=/setup}, {@code Secure} whenever the browser came over HTTPS,
 * an hour idle at most. A new id at every sign-in (no fixation); a bounded number kept. In a cluster
 * the sessions are the members' ({@link Cluster#kept}): signed in on one member, the browser may be
 * sent to any other. A session is kept under the digest of its id, never the id itself.
 */
@ApplicationScoped
public class AdminSessions {

    static final String COOKIE = "TESLA_EXPORTER_SESSION";
    static final Duration IDLE = Duration.ofHours(1);
    static final int MAX_SESSIONS = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One signed-in browser; {@code csrf} goes into every form. */
    public record Session(String csrf) {
    }

    @Inject
    Cluster cluster;

    /** Digest of the session id → the session's form token; an entry unused for {@link #IDLE} is gone. */
    private SharedMap sessions;

    @PostConstruct
    void init() {
        clock(Clock.systemUTC());
    }

    void clock(Clock c) {
        sessions = cluster.kept("admin-sessions", MAX_SESSIONS, c);
    }

    /** The signed-in session of this request, if any (and not idle too long). */
    public Optional<Session> current(HttpServletRequest request) {
        String id = ClientRequests.cookie(request, COOKIE);
        return id == null || id.length() > 100 ? Optional.empty() : sessions.get(LoginStates.sha256(id)).map(Session::new);
    }

    /**
     * Signs the browser in: drops its old session, makes a new one and sets its cookie.
     *
     * @return false when the cluster did not keep the session (no cookie is set then)
     */
    public boolean signIn(HttpServletRequest request, HttpServletResponse response, boolean https) {
        forget(request);
        String id = random();
        if (!sessions.put(LoginStates.sha256(id), random(), IDLE)) {
            return false;
        }
        ClientRequests.setCookie(response, COOKIE, id, "/setup", "Strict", IDLE.toSeconds(), https);
        return true;
    }

    public void signOut(HttpServletRequest request, HttpServletResponse response, boolean https) {
        forget(request);
        ClientRequests.setCookie(response, COOKIE, "", "/setup", "Strict", 0, https);
    }

    private void forget(HttpServletRequest request) {
        String id = ClientRequests.cookie(request, COOKIE);
        if (id != null && id.length() <= 100) {
            sessions.remove(LoginStates.sha256(id));
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

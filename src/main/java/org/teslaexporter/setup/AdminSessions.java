package org.teslaexporter.setup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signed-in admins of the set-up page. The exporter's own sessions rather than the container's, so
 * the cookie is exactly what README promises: {@code TESLA_EXPORTER_SESSION}, {@code HttpOnly},
 * {@code SameSite=Strict}, {@code Path=/setup}, {@code Secure} whenever the browser came over HTTPS,
 * an hour idle at most. A new id at every sign-in (no fixation); a bounded number kept.
 */
@ApplicationScoped
public class AdminSessions {

    static final String COOKIE = "TESLA_EXPORTER_SESSION";
    static final Duration IDLE = Duration.ofHours(1);
    static final int MAX_SESSIONS = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One signed-in browser; {@code csrf} goes into every form. */
    public static final class Session {
        final String csrf;
        volatile Instant lastSeen;

        Session(String csrf, Instant now) {
            this.csrf = csrf;
            this.lastSeen = now;
        }

        public String csrf() {
            return csrf;
        }
    }

    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private Clock clock = Clock.systemUTC();

    void clock(Clock c) {
        this.clock = c;
    }

    /** The signed-in session of this request, if any (and not idle too long). */
    public synchronized Optional<Session> current(HttpServletRequest request) {
        String id = ClientRequests.cookie(request, COOKIE);
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        Instant now = clock.instant();
        if (s == null || s.lastSeen.plus(IDLE).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    /** Signs the browser in: drops its old session, makes a new one and sets its cookie. */
    public synchronized Session signIn(HttpServletRequest request, HttpServletResponse response, boolean https) {
        String old = ClientRequests.cookie(request, COOKIE);
        if (old != null) {
            sessions.remove(old);
        }
        Iterator<String> oldest = sessions.keySet().iterator();
        while (sessions.size() >= MAX_SESSIONS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        String id = random();
        Session s = new Session(random(), clock.instant());
        sessions.put(id, s);
        ClientRequests.setCookie(response, COOKIE, id, "/setup", "Strict", IDLE.toSeconds(), https);
        return s;
    }

    public synchronized void signOut(HttpServletRequest request, HttpServletResponse response, boolean https) {
        String id = ClientRequests.cookie(request, COOKIE);
        if (id != null) {
            sessions.remove(id);
        }
        ClientRequests.setCookie(response, COOKIE, "", "/setup", "Strict", 0, https);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package org.teslaexporter.setup;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * What a request says about its client, believing {@code X-Forwarded-*} headers only from the
 * reverse proxies in {@code TRUSTED_PROXIES}; and the few response idioms every page uses: relative
 * redirects (never built from the {@code Host} header) and cookies with every attribute spelled out.
 */
final class ClientRequests {

    private ClientRequests() {
    }

    /** The client's address: the peer, or — behind a trusted proxy — the last address it forwarded for. */
    static String clientAddress(HttpServletRequest request, List<String> trustedProxies) {
        String peer = request.getRemoteAddr();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop.length() > 45 ? hop.substring(0, 45) : hop;
            }
        }
        return peer;
    }

    /** True if the browser talks HTTPS to us: directly, or to a trusted proxy that says so. */
    static boolean overHttps(HttpServletRequest request, List<String> trustedProxies) {
        return request.isSecure() || (trustedProxies.contains(request.getRemoteAddr())
                && "https".equalsIgnoreCase(String.valueOf(request.getHeader("X-Forwarded-Proto")).strip()));
    }

    /** 303 See Other to a path of ours, as a relative {@code Location}. */
    static void seeOther(HttpServletResponse response, String path) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", path);
    }

    /** 302 Found to a path of ours, as a relative {@code Location}. */
    static void found(HttpServletResponse response, String path) {
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", path);
    }

    /** A cookie with all its attributes, through the Servlet 6 cookie API; {@code maxAge} 0 deletes it. */
    static void setCookie(HttpServletResponse response, String name, String value, String path, String sameSite,
            long maxAgeSeconds, boolean secure) {
        Cookie c = new Cookie(name, value);
        c.setPath(path);
        c.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAgeSeconds));
        c.setHttpOnly(true);
        c.setSecure(secure);
        c.setAttribute("SameSite", sameSite);
        response.addCookie(c);
    }

    /** The value of cookie {@code name}, or null. */
    static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}

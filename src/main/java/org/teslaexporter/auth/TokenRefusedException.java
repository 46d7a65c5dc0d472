package org.teslaexporter.auth;

/**
 * The token endpoint refused a grant. {@link #loginRequired()} is true for {@code invalid_grant} /
 * {@code login_required}: the refresh token is dead and only a new login helps.
 */
public class TokenRefusedException extends RuntimeException {

    private final int status;
    private final boolean loginRequired;

    public TokenRefusedException(int status, String error, boolean loginRequired) {
        super("token endpoint answered " + status + (error.isEmpty() ? "" : " " + error));
        this.status = status;
        this.loginRequired = loginRequired;
    }

    public int status() {
        return status;
    }

    public boolean loginRequired() {
        return loginRequired;
    }
}

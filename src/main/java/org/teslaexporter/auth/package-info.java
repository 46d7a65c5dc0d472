/**
 * The login: the OAuth login with Tesla and the partner registration ({@link org.teslaexporter.auth.OAuthLogin},
 * results the pages render), the token file (the earlier exporter's format, written atomically and
 * durably), the token endpoint client and the refresh logic, the app's key pair and who may use the
 * set-up page. Refresh tokens are single use, so a new pair is on disk before the new access token
 * is used. No token ever reaches a log line.
 */
package org.teslaexporter.auth;

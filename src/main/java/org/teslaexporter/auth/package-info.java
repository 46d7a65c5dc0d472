/**
 * The login: the token file (the earlier exporter's format, written atomically and durably), the
 * OAuth token endpoint client and the refresh logic. Refresh tokens are single use, so a new pair
 * is on disk before the new access token is used. No token ever reaches a log line.
 */
package org.teslaexporter.auth;

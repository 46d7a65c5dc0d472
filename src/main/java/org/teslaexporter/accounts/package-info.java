/**
 * The Tesla accounts one exporter serves (a family, a small fleet, a company's cars): each with its
 * own folder {@code accounts/<id>/} under the data folder (token file, name, region), its own
 * {@link org.teslaexporter.auth.AccessTokens} and its own
 * {@link org.teslaexporter.fleetapi.FleetApiGateway}, so one account's revoked login, hanging token
 * endpoint or 429 never touches another. {@link org.teslaexporter.accounts.AccountRegistry} adds
 * them (a login, an invitation, a dropped token file), renames and removes them, and tells the
 * poller and the metrics by {@link org.teslaexporter.accounts.AccountEvent}s.
 */
package org.teslaexporter.accounts;

/**
 * The browser side of set-up and login (boundary): the set-up page and its actions, the OAuth
 * callback, the public key Tesla fetches, admin sign-in, CSRF protection and security headers.
 * Pages are jte templates ({@code src/main/jte}, compiled at build time) over view records built by
 * plain functions ({@link org.teslaexporter.setup.PageView}); jte escapes every value. Each POST action is
 * its own servlet ({@link org.teslaexporter.setup.SetupAction}); {@link org.teslaexporter.setup.AdminFilter}
 * checks the session and the CSRF token for all of them.
 */
package org.teslaexporter.setup;

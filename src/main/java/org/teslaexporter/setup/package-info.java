/**
 * The browser side of set-up and login (boundary): the set-up page and its actions, the OAuth
 * callback, the public key Tesla fetches, admin sign-in, CSRF protection and security headers.
 * Every dynamic text is escaped by {@link org.teslaexporter.setup.Html}.
 */
package org.teslaexporter.setup;

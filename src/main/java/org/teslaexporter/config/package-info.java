/**
 * Every setting, read once through MicroProfile Config (environment variables under the names the
 * earlier exporter used) and checked as a whole: a bad value stops start-up with a message that
 * names the variable and what it expects.
 */
package org.teslaexporter.config;

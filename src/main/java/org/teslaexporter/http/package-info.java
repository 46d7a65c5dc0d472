/**
 * Outbound HTTP to Tesla, bounded: every REST client is built here with a connect timeout, a
 * per-read timeout, a total deadline and a cap on the answer's size, and without following
 * redirects. A hostile or broken server can cost a poll step some seconds and a few megabytes,
 * never a stalled timer or an {@code OutOfMemoryError}.
 */
package org.teslaexporter.http;

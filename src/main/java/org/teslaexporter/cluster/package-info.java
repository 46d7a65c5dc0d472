/**
 * A cluster of exporters on Payara Micro's own Hazelcast (docs/cluster.md): which member reads which
 * car (Hazelcast's partitions), the state that moves with a car, and the CP subsystem's lock and
 * reference that keep an account's single-use refresh token used once. Alone, every call answers as
 * one member owning everything, and no Hazelcast class is touched.
 */
package org.teslaexporter.cluster;

package org.teslaexporter.polling;

import java.time.Instant;

/** A policy decision: the vehicle's new state, and what to ask for at which time. */
public record PollStep(PollState state, PollAction action, Instant at) {
}

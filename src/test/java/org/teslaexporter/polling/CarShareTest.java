package org.teslaexporter.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.teslaexporter.TestClock;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;
import org.teslaexporter.cluster.TestCluster;

/** A read is the turn of one member at a time, even while two believe they own the car (partitions moving). */
class CarShareTest {

    private static final String VIN = "5YJ3E7EB4LF000001";
    private static final Duration LONGEST = Duration.ofMinutes(3);
    private static final Duration GAP = Duration.ofSeconds(10);

    private final TestClock clock = new TestClock(Instant.parse("2026-12-03T09:00:00Z"));
    private final TestCluster one = new TestCluster(clock);
    private final TestCluster two = one.sibling();
    private final CarShare first = new CarShare(one, clock, LONGEST, GAP);
    private final CarShare second = new CarShare(two, clock, LONGEST, GAP);

    private PollStep due(Duration in) {
        return new PollStep(PollState.initial(), PollAction.FETCH_DATA, clock.instant().plus(in));
    }

    @Test
    void ofTwoMembersBothDueOnTheSamePlanOneReadsAndTheOtherGoesOnWithItsPlan() {
        PollStep now = due(Duration.ZERO);
        assertThat(first.claim(VIN, now).reads()).as("a car nobody has read yet").isTrue();
        first.done(VIN, due(Duration.ZERO));
        assertThat(second.plan(VIN)).isPresent();               // taken over: both know the same plan now
        PollStep planned = second.plan(VIN).orElseThrow();

        assertThat(first.claim(VIN, planned).reads()).isTrue();
        CarShare.Turn late = second.claim(VIN, planned);
        assertThat(late.reads()).as("the other member is reading it").isFalse();
        assertThat(late.instead().at()).as("it looks again soon").isEqualTo(clock.instant().plus(CarShare.LOOK_AGAIN));

        PollStep next = due(Duration.ofMinutes(1));
        first.done(VIN, next);
        clock.advance(CarShare.LOOK_AGAIN);
        CarShare.Turn after = second.claim(VIN, late.instead());
        assertThat(after.reads()).as("read meanwhile: not again").isFalse();
        assertThat(after.instead()).as("the reader's plan goes on").isEqualTo(next);
        assertThat(second.plan(VIN)).contains(next);
    }

    @Test
    void aMemberThatReadItMeanwhileWinsOverOneThatKnowsAnOlderPlan() {
        PollStep planned = due(Duration.ZERO);
        assertThat(second.claim(VIN, planned).reads()).isTrue();
        second.done(VIN, due(Duration.ofSeconds(30)));
        first.plan(VIN);
        assertThat(second.claim(VIN, first.plan(VIN).orElseThrow()).reads()).isTrue();
        PollStep newest = due(Duration.ofSeconds(90));
        second.done(VIN, newest);
        CarShare.Turn turn = first.claim(VIN, due(Duration.ofSeconds(30)));
        assertThat(turn.reads()).isFalse();
        assertThat(turn.instead()).isEqualTo(newest);
        assertThat(first.claim(VIN, newest).reads()).as("then its own turn, once due").isTrue();
    }

    @Test
    void theClaimOfAMemberThatLeftOrOfAReadLongerThanAnyIsAbandoned() {
        SharedMap plans = one.map("plans");
        plans.put(VIN, "{\"reader\":\"10.9.9.9:5701\",\"since\":\"2026-12-03T09:00:00Z\","
                + "\"step\":{\"action\":\"FETCH_DATA\",\"at\":\"2026-12-03T09:00:00Z\",\"state\":" + stateJson() + "}}");
        CarShare.Turn wait = first.claim(VIN, due(Duration.ZERO));
        assertThat(wait.reads()).as("its reader went in the middle of a read, which it may have made").isFalse();
        assertThat(wait.instead().at()).as("read again no sooner than the shortest interval after it").isEqualTo(clock.instant().plus(GAP));
        clock.advance(GAP);
        assertThat(first.claim(VIN, due(Duration.ZERO)).reads()).as("its reader is no member now").isTrue();

        assertThat(second.claim(VIN, due(Duration.ZERO)).reads()).as("the first member reads it now").isFalse();
        clock.advance(LONGEST.plusSeconds(1));
        assertThat(second.claim(VIN, due(Duration.ZERO)).reads()).as("a claim older than the longest read").isTrue();
    }

    /**
     * A member killed in the middle of a read and started again at once at the same address (Docker's restart
     * policy, a StatefulSet's pod): its claim is abandoned at once, to the others and to its new start alike, not
     * after the longest read (it once was, as the claim's address was a member's again: in the Compose check the
     * cars waited 99 s for a read due every 60 s).
     */
    @Test
    void theClaimOfAMemberStartedAgainAtTheSameAddressIsAbandonedAtOnce() {
        assertThat(first.claim(VIN, due(Duration.ZERO)).reads()).isTrue();
        CarShare firstAgain = new CarShare(one.restarted(), clock, LONGEST, GAP);
        clock.advance(Duration.ofSeconds(2));

        CarShare.Turn other = second.claim(VIN, due(Duration.ZERO));
        assertThat(other.reads()).as("its read may have been made").isFalse();
        assertThat(other.instead().at()).as("read again no sooner than the shortest interval after the claim, not in 5 s"
                + " until the longest read is over").isEqualTo(clock.instant().minusSeconds(2).plus(GAP));
        CarShare.Turn again = firstAgain.claim(VIN, due(Duration.ZERO));
        assertThat(again.reads()).as("nor by its new start: the claim is not its own").isFalse();
        assertThat(again.instead().at()).isEqualTo(clock.instant().minusSeconds(2).plus(GAP));

        clock.advance(GAP);
        assertThat(second.claim(VIN, other.instead()).reads()).as("then read by one of them").isTrue();
        assertThat(firstAgain.claim(VIN, again.instead()).reads()).isFalse();
    }

    @Test
    void aPlanThatCannotBeReadStartsAfreshAndAReadThatCannotBeClaimedWaits() {
        one.map("plans").put(VIN, "{not json");
        assertThat(first.claim(VIN, due(Duration.ZERO)).reads()).isTrue();

        TestCluster silent = new TestCluster(clock);
        silent.answers = false;
        CarShare unanswered = new CarShare(silent, clock, LONGEST, GAP);
        CarShare.Turn turn = unanswered.claim(VIN, due(Duration.ZERO));
        assertThat(turn.reads()).as("the cluster does not answer: no read that might be a second one").isFalse();
        assertThat(turn.instead().at()).isEqualTo(clock.instant().plus(CarShare.LOOK_AGAIN));
    }

    @Test
    void aloneEveryTurnIsItsOwnAndNothingIsShared() {
        CarShare alone = new CarShare(Cluster.ALONE, clock, LONGEST, GAP);
        assertThat(alone.claim(VIN, due(Duration.ZERO)).reads()).isTrue();
        assertThat(alone.claim(VIN, due(Duration.ZERO)).reads()).isTrue();
        alone.done(VIN, due(Duration.ofMinutes(1)));
        assertThat(alone.plan(VIN)).isEmpty();
    }

    private String stateJson() {
        return jakarta.json.bind.JsonbBuilder.create().toJson(PollState.initial());
    }
}

package io.mixgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FanoutTallyTest {

    @Test
    void deliveriesOfUnansweredPublishesAreCountedApartNotAsNegativeLoss() {
        // the overloaded-nchan row: 579 publishes answered in time, 171 not, their messages still arriving
        FanoutTally t = new FanoutTally(579, 0, 171, 10_000, 5_799_866);

        assertEquals(5_790_000, t.expected());
        assertEquals(0, t.lost());
        assertEquals(9_866, t.deliveredBeyondExpected());
    }

    @Test
    void missingDeliveriesOfAnsweredPublishesAreLost() {
        FanoutTally t = new FanoutTally(1_500, 2, 0, 1_000, 1_489_500);

        assertEquals(1_500_000, t.expected());
        assertEquals(10_500, t.lost());
        assertEquals(0, t.deliveredBeyondExpected());
    }

    @Test
    void privateChannelsOweEachMessageToOneReceiver() {
        FanoutTally t = new FanoutTally(30_000, 0, 0, 1, 30_000);

        assertEquals(30_000, t.expected());
        assertEquals(0, t.lost());
    }

    @Test
    void reportsEveryCount() {
        Result r = new Result("fanout", "nchan", "x");
        new FanoutTally(10, 1, 2, 3, 31).report(r);

        assertEquals(10, r.getLong("published"));
        assertEquals(1, r.getLong("publish_failed"));
        assertEquals(2, r.getLong("publish_unanswered"));
        assertEquals(30, r.getLong("expected"));
        assertEquals(31, r.getLong("delivered"));
        assertEquals(0, r.getLong("lost"));
        assertEquals(1, r.getLong("delivered_beyond_expected"));
    }
}

package io.mixgate.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.PresenceEvent;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The tracker behind presence events, on a real subscription index, without sockets. */
class PresenceTrackerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final PresenceTracker tracker = new PresenceTracker(7, 2, now::get);
    private final SubscriptionIndex index = new SubscriptionIndex();

    private record Sent(int node, String channel, boolean join, long id, Map<String, Object> values) {
    }

    PresenceTrackerTest() {
        index.setPresence(tracker);
    }

    private static Session session(long id) {
        return new Session(id, null, new ScriptLane(Runnable::run, Integer.MAX_VALUE), 100);
    }

    @Test
    void localFollowersGetJoinsAndLeavesIncludingCloses() {
        List<PresenceEvent> events = new ArrayList<>();
        tracker.follow("room", "uid", events::add);
        Session s = session(11);
        s.context().put("uid", 1001L);

        index.subscribe(s, "room", 10);
        index.subscribe(s, "elsewhere", 10);
        index.removeSession(s);

        assertEquals(List.of(new PresenceEvent(true, "room", 11, 7, 1001L), new PresenceEvent(false, "room", 11, 7, 1001L)),
                events);
    }

    @Test
    void followedChannelsAreBounded() {
        tracker.follow("a", "uid", e -> { });
        tracker.follow("b", "uid", e -> { });
        tracker.follow("a", "name", e -> { }); // a channel already followed: no new channel

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tracker.follow("c", "uid", ev -> { }));
        assertTrue(e.getMessage().contains("presence.maxChannels"), e.getMessage());
    }

    @Test
    void otherNodesGetTheValuesTheyAskedForUntilTheirFollowExpires() {
        List<Sent> sent = new ArrayList<>();
        tracker.remoteEvents((node, channel, join, id, values) -> sent.add(new Sent(node, channel, join, id, values)));
        tracker.followFromRemote("room", 3, java.util.Set.of("uid"), 5_000);
        Session s = session(12);
        s.context().put("uid", "ann");

        index.subscribe(s, "room", 10);
        now.set(6_000); // the follow was not renewed: it lapses
        index.unsubscribe(s, "room");

        assertEquals(List.of(new Sent(3, "room", true, 12, Map.of("uid", "ann"))), sent);
    }
}

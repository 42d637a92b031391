package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Competing back-office workers over real {@code /ws/v1} connections on a three-node mesh: a
 * script on node 1 pushes 1,000 items; workers on nodes 2 and 3 pop the topic; one of them leaves
 * in the middle of the stream (a close handshake) and the other receives the rest. Every item
 * arrives exactly once across the two workers.
 */
class QueueWorkersMeshTest {
    private static final int ITEMS = 1000;

    @Test
    void twoWorkersOnOtherNodesShareEveryItemOnceWhenOneLeavesMidStream() throws Exception {
        try (RedisServer redis = RedisServer.launch();
             TestNode pusher = Probe.meshNode(redis, 1);
             TestNode b = Probe.meshNode(redis, 2);
             TestNode c = Probe.meshNode(redis, 3);
             WsClient script = WsClient.connect(pusher.wsUri());
             WsApiClient stays = WsApiClient.connect(b);
             WsApiClient leaves = WsApiClient.connect(c)) {
            ArrayNode topics = Probe.JSON.createArrayNode().add("jobs"); // the PHP SDK's form of queue.pop
            WsApiClient.ok(stays.call("queue.pop", topics));
            WsApiClient.ok(leaves.call("queue.pop", topics));

            JsonNode pushed = Probe.eval(script, "for i = 1, " + ITEMS + " do local n, err = mix.queue.push('jobs', {i = i}); "
                    + "if not n then return err end end; return 'ok'");
            assertEquals("ok", pushed.asText());

            List<Integer> toStays = new ArrayList<>();
            List<Integer> toLeaves = new ArrayList<>();
            while (toLeaves.size() < 100) {
                toLeaves.add(item(leaves.nextEvent()));
            }
            leaves.leave(); // mid-stream, with a close handshake: what the node wrote before it arrives
            JsonNode event;
            while ((event = leaves.pollEvent()) != null) {
                toLeaves.add(item(event));
            }
            while (toStays.size() + toLeaves.size() < ITEMS) {
                toStays.add(item(stays.nextEvent()));
            }

            Set<Integer> all = new TreeSet<>(toStays);
            all.addAll(toLeaves);
            assertEquals(ITEMS, toStays.size() + toLeaves.size(), "no item twice");
            assertEquals(ITEMS, all.size(), "every item once");
            assertTrue(toStays.size() > 0, "the worker that stayed got the rest");
            // the worker that left got its items in push order; the one that stayed may also get items that
            // were on their way to the other when it left, re-handed later (README: queue order)
            assertTrue(isAscending(toLeaves), "the items of the worker that left in push order: " + toLeaves);
            Await.until("every item acknowledged and deleted from the stream", java.time.Duration.ofSeconds(10),
                    () -> redis.command("XLEN mixgate:{q}:t:jobs"), ":0"::equals);
        }
    }

    private static int item(JsonNode event) {
        assertEquals("jobs", event.at("/p/t").asText());
        assertEquals("1", event.at("/p/n").asText());
        return event.at("/p/d/i").asInt();
    }

    private static boolean isAscending(List<Integer> items) {
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i) <= items.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}

package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on a real 3-master Redis Cluster with sharded pub/sub: channels are spread over
 * the shards (SSUBSCRIBE on each channel's owner), and publish and send work across nodes.
 */
class ClusterMeshTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static RedisClusterServers cluster;
    private static final List<TestNode> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterServers.launch();
        for (int id = 1; id <= 3; id++) {
            nodes.add(TestNode.withClusterSeeds(cluster.seeds(), "node.id=" + id,
                    "servers[0].entry=gateway/src/test/resources/lua/probe.lua"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.forEach(TestNode::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void channelsSpreadOverTheShardsAndReachEveryNode() throws Exception {
        TestNode a = nodes.get(0);
        List<String> channels = List.of("room-1", "room-2", "room-3", "room-4", "room-5", "room-6", "room-7", "room-8");
        try (WsClient onB = WsClient.connect(nodes.get(1).wsUri()); WsClient onC = WsClient.connect(nodes.get(2).wsUri())) {
            for (String channel : channels) {
                Probe.eval(onB, "return mix.websocket():subscribe('" + channel + "')");
                Probe.eval(onC, "return mix.websocket():subscribe('" + channel + "')");
            }
            Set<Integer> shardsUsed = new HashSet<>();
            for (String channel : channels) {
                Await.until("nodes b and c sharded-subscribed to " + channel, WAIT,
                        () -> cluster.shardSubscribers("mixgate:c:" + channel), n -> n == 2);
                for (int m = 0; m < cluster.masters.size(); m++) {
                    if (cluster.masters.get(m).subscribers("mixgate:c:" + channel, true) > 0) {
                        shardsUsed.add(m);
                    }
                }
            }
            assertTrue(shardsUsed.size() >= 2, "channels all on one shard: " + shardsUsed);

            for (String channel : channels) {
                ApiClient.Reply reply = ApiClient.post(a.api("/v1/mesh/publish"), Probe.publishBody(channel, "to " + channel));
                assertEquals("{\"E\":null,\"r\":{\"s\":2,\"f\":0}}", reply.body(), channel);
            }
            // order is kept per channel only: channels on different shards may overtake each other
            Set<String> expected = new HashSet<>();
            Set<String> gotB = new HashSet<>();
            Set<String> gotC = new HashSet<>();
            for (String channel : channels) {
                expected.add("to " + channel);
                gotB.add(onB.nextText());
                gotC.add(onC.nextText());
            }
            assertEquals(expected, gotB);
            assertEquals(expected, gotC);
        }
    }

    @Test
    void sendReachesAClientOnAnotherNode() throws Exception {
        try (WsClient onC = WsClient.connect(nodes.get(2).wsUri())) {
            String id = Probe.eval(onC, "return mix.websocket():client_id()").asText();

            ApiClient.Reply reply = ApiClient.post(nodes.get(0).api("/v1/mesh/send"), Probe.sendBody(id, "over the cluster"));

            assertEquals("{\"E\":null,\"r\":{\"s\":true}}", reply.body());
            assertEquals("over the cluster", onC.nextText());
        }
    }

    @Test
    void theRegistryListsEveryNode() throws Exception {
        Await.until("three nodes listed", WAIT,
                () -> Probe.JSON.readTree(ApiClient.get(nodes.get(1).api("/v1/nodes")).body()).get("nodes").size(),
                n -> n == 3);
    }
}

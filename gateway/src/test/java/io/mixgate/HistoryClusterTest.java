package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channel history on a real 3-master Redis Cluster: one channel's keys and its sharded pub/sub
 * channel share a hash slot, so the publish script may SPUBLISH; offsets reach a node other than
 * the publisher's, and a client recovers there.
 */
class HistoryClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static RedisClusterServers cluster;
    private static final List<TestNode> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisClusterServers.launch();
        for (int id = 1; id <= 2; id++) {
            nodes.add(TestNode.withClusterSeeds(cluster.seeds(), HistoryProtocolTest.withRules("node.id=" + id)));
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
    void keysShareTheSlotOfTheShardedChannelAndRecoveryWorksAcrossNodes() throws Exception {
        String pubsub = "mixgate:c:ex:BTCUSDT@depth";
        int slot = SlotHash.getSlot(pubsub);
        for (String suffix : List.of(":o", ":h", ":e")) {
            assertEquals(slot, SlotHash.getSlot("{" + pubsub + "}" + suffix), suffix);
        }
        String epoch;
        try (WsClient onB = WsClient.connect(nodes.get(1).wsUri())) {
            JsonNode reply = JSON.readTree(onB.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"offsets\":true}"));
            epoch = reply.get("epoch").asText();
            Await.until("node b sharded-subscribed", WAIT, () -> cluster.shardSubscribers(pubsub), n -> n == 1);
            for (int i = 1; i <= 3; i++) {
                ApiClient.Reply r = ApiClient.post(nodes.get(0).api("/v1/mesh/publish"),
                        "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"{\\\"i\\\":" + i + "}\"}");
                assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", r.body());
            }
            for (int i = 1; i <= 3; i++) {
                JsonNode m = JSON.readTree(onB.nextText());
                assertEquals(i, m.get("offset").asLong(), m.toString());
                assertEquals(epoch, m.get("epoch").asText());
            }
        }
        int owners = 0;
        for (RedisServer master : cluster.masters) {
            String len = master.command("XLEN {" + pubsub + "}:h");
            if (":3".equals(len)) {
                owners++;
                assertTrue(master.bulk("CLUSTER INFO") != null);
                assertEquals(":" + slot, master.command("CLUSTER KEYSLOT {" + pubsub + "}:h"));
            }
        }
        assertEquals(1, owners, "the stream lives on the master that owns the slot");
        try (WsClient onA = WsClient.connect(nodes.get(0).wsUri())) {
            onA.send("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"since\":{\"offset\":1,\"epoch\":\"" + epoch + "\"}}");
            assertEquals(2, JSON.readTree(onA.nextText()).get("offset").asLong());
            assertEquals(3, JSON.readTree(onA.nextText()).get("offset").asLong());
            JsonNode reply = JSON.readTree(onA.nextText());
            assertTrue(reply.get("recovered").asBoolean(), reply.toString());
        }
    }
}

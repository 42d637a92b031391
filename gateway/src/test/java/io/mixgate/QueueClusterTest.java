package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mixgate.core.QueueConsumer;
import io.mixgate.testing.Conditions;
import io.mixgate.testing.RecordingSink;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mesh queues on a real 3-master Redis Cluster: every key in one slot, so the scripts run there too. */
class QueueClusterTest {

    @Test
    void itemsPushedOnOneNodeReachConsumersOnAnotherOverACluster() throws Exception {
        try (RedisClusterServers cluster = RedisClusterServers.launch();
             TestNode a = TestNode.withClusterSeeds(cluster.seeds(), "node.id=1",
                     "servers[0].entry=gateway/src/test/resources/lua/probe.lua", "queue.topicSize=3");
             TestNode b = TestNode.withClusterSeeds(cluster.seeds(), "node.id=2",
                     "servers[0].entry=gateway/src/test/resources/lua/probe.lua", "queue.topicSize=3");
             WsClient client = WsClient.connect(a.wsUri())) {
            RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
            try (QueueConsumer consumer = b.gateway.queues().consumer(sink)) {
                consumer.pop(List.of("alpha", "beta", "gamma"));
                for (String topic : List.of("alpha", "beta", "gamma")) {
                    assertEquals("{\"ok\":true,\"r\":1}",
                            client.ask("return mix.queue.push('" + topic + "', '" + topic + "') or 'failed'"));
                }
                Conditions.awaitTrue(() -> sink.written().size() == 3, "three topics consumed on node b");
            }
            Set<String> topics = new HashSet<>();
            sink.written().forEach(item -> topics.add(item.topic()));
            assertEquals(Set.of("alpha", "beta", "gamma"), topics);
            for (int i = 1; i <= 3; i++) {
                client.ask("return mix.queue.push('full', " + i + ")");
            }
            assertEquals("{\"ok\":true,\"r\":\"topic full is full: 3 items (queue.topicSize)\"}",
                    client.ask("local n, err = mix.queue.push('full', 4) return err"));
        }
    }
}

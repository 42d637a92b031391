package io.mixgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Measures what exact mesh-wide publish counts cost: {@code POST /v1/mesh/publish_batch} to node
 * A of a two-node mesh on a local redis-server, one subscriber on A and one on B, with
 * {@code redis.publishCounts} = {@code connections} and then {@code nodes}. Each round sends
 * {@code messages} publishes in batches of {@code batch}, one batch in flight at a time, and
 * waits until both subscribers have every message; it prints the rate of the best of
 * {@code rounds} rounds after one warm-up round.
 *
 * <p>A tool, not a test: it prints figures and checks only that every count is right. Run it with
 * the java command {@code ./mx latency} uses, with class {@code io.mixgate.MeshPublishCost}
 * {@code [messages] [batch] [rounds]}.
 */
public final class MeshPublishCost {
    private MeshPublishCost() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (RedisServer redis = RedisServer.launch()) {
            System.out.printf("%d publishes per round, batches of %d, %d cores, JDK %s%n", messages, batch,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            int nextId = 1;
            for (String mode : List.of("connections", "nodes", "connections", "nodes")) {
                try (TestNode a = Probe.meshNode(redis, nextId++, "logging.level=warn", "redis.publishCounts=" + mode);
                     TestNode b = Probe.meshNode(redis, nextId++, "logging.level=warn", "redis.publishCounts=" + mode);
                     WsClient onA = WsClient.connect(a.wsUri()); WsClient onB = WsClient.connect(b.wsUri())) {
                    String channel = "cost" + nextId;
                    Probe.eval(onA, "return mix.websocket():subscribe('" + channel + "')");
                    Probe.eval(onB, "return mix.websocket():subscribe('" + channel + "')");
                    Await.until("both nodes subscribed", Duration.ofSeconds(15),
                            () -> redis.subscribers("mixgate:c:" + channel, false), n -> n == 2);
                    long expectedPerItem = 2; // 2 connections on 2 nodes: both modes answer 2 per item
                    round(a.api("/v1/mesh/publish_batch"), channel, messages, batch, expectedPerItem, onA, onB);
                    double best = 0;
                    for (int r = 0; r < rounds; r++) {
                        best = Math.max(best, round(a.api("/v1/mesh/publish_batch"), channel, messages, batch,
                                expectedPerItem, onA, onB));
                    }
                    System.out.printf("publishCounts=%-11s best of %d rounds: %,.0f publishes/s%n", mode, rounds, best);
                }
            }
        }
    }

    /** One round; returns publishes per second, from the first request to the last delivery. */
    private static double round(URI batchUri, String channel, int messages, int batch, long expectedPerItem,
                                WsClient onA, WsClient onB) throws Exception {
        long start = System.nanoTime();
        for (int sent = 0; sent < messages; sent += batch) {
            ArrayNode items = Probe.JSON.createArrayNode();
            for (int i = 0; i < batch; i++) {
                items.addObject().put("c", channel).put("d", "m" + (sent + i));
            }
            ApiClient.Reply reply = ApiClient.post(batchUri, items.toString());
            JsonNode r = Probe.JSON.readTree(reply.body()).get("r");
            if (reply.status() != 200 || r.get("s").asLong() != expectedPerItem * batch || r.has("u")) {
                throw new IllegalStateException("unexpected reply: " + reply.status() + " " + reply.body());
            }
        }
        for (int i = 0; i < messages; i++) {
            onA.nextText();
            onB.nextText();
        }
        return messages / ((System.nanoTime() - start) / 1e9);
    }
}

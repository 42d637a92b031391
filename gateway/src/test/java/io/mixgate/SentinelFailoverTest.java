package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes that reach Redis through Sentinel follow a failover: the master dies, Sentinel promotes
 * the replica, and publish and delivery work again on the new master without clients reconnecting.
 */
class SentinelFailoverTest {
    private static final Duration FAILOVER = Duration.ofSeconds(40);

    private RedisServer master;
    private RedisServer replica;
    private RedisServer sentinel;
    private TestNode a;
    private TestNode b;

    @BeforeEach
    void start() throws Exception {
        master = RedisServer.launch();
        replica = RedisServer.launch("--replicaof", "127.0.0.1", Integer.toString(master.port));
        Await.until("replica in sync", Duration.ofSeconds(20), () -> replica.bulk("INFO replication"),
                info -> info != null && info.contains("master_link_status:up"));
        sentinel = RedisServer.sentinelFor(master.port);
        Await.until("sentinel sees the replica", Duration.ofSeconds(30),
                () -> sentinel.command("SENTINEL REPLICAS mymaster"), "*1"::equals);
        String probe = "servers[0].entry=gateway/src/test/resources/lua/probe.lua";
        a = TestNode.withSentinels(List.of(sentinel.hostPort()), "node.id=1", probe);
        b = TestNode.withSentinels(List.of(sentinel.hostPort()), "node.id=2", probe);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {b, a, sentinel, replica, master}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void aFailoverIsFollowedWithoutClientsReconnecting() throws Exception {
        try (WsClient onB = WsClient.connect(b.wsUri())) {
            Probe.eval(onB, "return mix.websocket():subscribe('fx')");
            Await.until("node b subscribed on the master", Duration.ofSeconds(15),
                    () -> master.subscribers("mixgate:c:fx", false), n -> n == 1);
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}",
                    ApiClient.post(a.api("/v1/mesh/publish"), Probe.publishBody("fx", "before")).body());
            assertEquals("before", onB.nextText());

            master.stop();

            Await.until("the replica promoted", FAILOVER, () -> replica.bulk("INFO replication"),
                    info -> info != null && info.contains("role:master"));
            Await.until("node b subscribed on the new master", FAILOVER,
                    () -> replica.subscribers("mixgate:c:fx", false), n -> n == 1);
            Await.until("publish through node a works again", FAILOVER,
                    () -> ApiClient.post(a.api("/v1/mesh/publish"), Probe.publishBody("fx", "after")).status(),
                    status -> status == 200);
            String received = onB.nextText();
            while (!received.equals("after")) {
                received = onB.nextText();
            }
            Await.until("both nodes' mesh links healthy", FAILOVER,
                    () -> ApiClient.get(a.api("/health/mesh")).status() + ApiClient.get(b.api("/health/mesh")).status(),
                    sum -> sum == 400);
        }
    }
}

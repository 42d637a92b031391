package io.mixgate.api;

import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Many requests in flight on one {@code /ws/v1} connection: answered as they complete, and bounded. */
class WsInFlightTest {

    @Test
    void aHeldPublishDoesNotHoldUpALaterSend() throws Exception {
        try (RunningWsApi api = new RunningWsApi(); WsClient client = api.connect()) {
            CompletableFuture<PublishResult> held = new CompletableFuture<>();
            api.mesh.publishReply = () -> held;

            client.send("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"slow\",\"d\":\"x\"},\"i\":1}");
            client.send("{\"m\":\"mesh.send\",\"p\":{\"c\":\"42\",\"d\":\"x\"},\"i\":2}");

            assertEquals("{\"E\":null,\"r\":{\"s\":true},\"i\":2}", client.next());
            Thread.ofPlatform().start(() -> held.complete(new PublishResult(1, 0))); // completes off the I/O thread
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0},\"i\":1}", client.next());
        }
    }

    @Test
    void answersManyPendingRequestsInTheOrderTheyComplete() throws Exception {
        int calls = 200;
        ConcurrentLinkedQueue<CompletableFuture<SendOutcome>> pending = new ConcurrentLinkedQueue<>();
        try (RunningWsApi api = new RunningWsApi(); WsClient client = api.connect()) {
            api.mesh.sendReply = () -> {
                CompletableFuture<SendOutcome> stage = new CompletableFuture<>();
                pending.add(stage);
                return stage;
            };
            for (int i = 0; i < calls; i++) {
                client.send("{\"m\":\"mesh.send\",\"p\":{\"c\":\"" + i + "\",\"d\":\"x\"},\"i\":" + i + "}");
            }
            for (int i = 0; i < calls; i++) {
                api.mesh.nextSend();
            }
            List<CompletableFuture<SendOutcome>> stages = new ArrayList<>(pending);
            Thread.ofPlatform().start(() -> {
                for (int i = stages.size() - 1; i >= 0; i--) { // newest first
                    stages.get(i).complete(SendOutcome.SENT);
                }
            });
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < calls; i++) {
                ids.add(client.nextJson().path("i").asInt());
            }
            assertEquals(calls, ids.size());
        }
    }

    @Test
    void stopsReadingAtTheInFlightBoundAndResumesWhenARepliesDrain() throws Exception {
        int bound = 3;
        ConcurrentLinkedQueue<CompletableFuture<PublishResult>> pending = new ConcurrentLinkedQueue<>();
        try (RunningWsApi api = new RunningWsApi(b -> b.wsMaxInFlight(bound)); WsClient client = api.connect()) {
            api.mesh.publishReply = () -> {
                CompletableFuture<PublishResult> stage = new CompletableFuture<>();
                pending.add(stage);
                return stage;
            };
            for (int i = 0; i < bound + 2; i++) {
                client.send("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"ch\",\"d\":\"x\"},\"i\":" + i + "}");
            }
            client.send("ping");
            for (int i = 0; i < bound; i++) {
                api.mesh.nextPublish();
            }
            // the connection is not read past the bound: neither the two further publishes nor the ping
            client.assertNothingWithin(Duration.ofMillis(300));
            assertTrue(api.mesh.published.isEmpty(), "a publish past the bound reached the node");
            assertEquals(bound, pending.size());

            pending.poll().complete(PublishResult.NONE);
            assertEquals(0, client.nextJson().path("i").asInt());
            api.mesh.nextPublish(); // reading resumed: the fourth publish arrives, and the bound is reached again
            client.assertNothingWithin(Duration.ofMillis(300));

            pending.forEach(stage -> stage.complete(PublishResult.NONE));
            Set<String> rest = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                rest.add(client.next());
            }
            api.mesh.nextPublish().channel(); // the fifth
            pending.forEach(stage -> stage.complete(PublishResult.NONE));
            rest.add(client.next());
            rest.add(client.next());
            assertTrue(rest.contains("pong"), rest.toString());
            assertEquals(5, rest.size(), rest.toString());
        }
    }
}

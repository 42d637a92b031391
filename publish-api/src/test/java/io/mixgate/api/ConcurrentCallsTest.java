package io.mixgate.api;

import io.mixgate.core.PublishResult;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentCallsTest {

    private static final int CALLS = 100;

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void holdsManyPendingCallsOnTwoIoThreadsWithoutBlockingThem() throws Exception {
        ConcurrentLinkedQueue<CompletableFuture<PublishResult>> pending = new ConcurrentLinkedQueue<>();
        api.mesh.publishReply = () -> {
            CompletableFuture<PublishResult> stage = new CompletableFuture<>();
            pending.add(stage);
            return stage;
        };

        List<CompletableFuture<RunningApi.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            replies.add(api.postAsync("/v1/mesh/publish", "{\"c\":\"ch" + i + "\",\"d\":\"x\",\"i\":" + i + "}"));
        }
        for (int i = 0; i < CALLS; i++) {
            api.mesh.nextPublish(); // every call reached the node while all earlier ones are still pending
        }
        assertEquals(CALLS, pending.size());
        Thread.ofPlatform().start(() -> pending.forEach(stage -> stage.complete(new PublishResult(7, 1))));

        for (int i = 0; i < CALLS; i++) {
            RunningApi.Reply reply = replies.get(i).get(10, TimeUnit.SECONDS);
            assertEquals(200, reply.status());
            assertEquals("{\"E\":null,\"r\":{\"s\":7,\"f\":1},\"i\":" + i + "}", reply.raw().body());
        }
    }
}

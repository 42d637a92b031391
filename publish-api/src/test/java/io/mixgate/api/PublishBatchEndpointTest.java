package io.mixgate.api;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublishBatchEndpointTest {

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void publishesEveryItemInOrderAndAnswersTheSummedCounts() throws Exception {
        api.mesh.publishReply = () -> CompletableFuture.completedFuture(new PublishResult(2, 1));

        RunningApi.Reply reply = api.post("/v1/mesh/publish_batch",
                "[{\"c\":\"ex:BTC@depth\",\"d\":\"one\"},{\"c\":\"ex:1@balance\",\"d\":\"two\",\"t\":\"text\"},"
                        + "{\"c\":\"bin\",\"d\":\"AAE=\",\"t\":\"binary\",\"x\":[1,{\"y\":2}]}]");

        assertEquals(200, reply.status());
        assertEquals("{\"E\":null,\"r\":{\"n\":3,\"s\":6,\"f\":3}}", reply.raw().body());
        RecordingMesh.Published first = api.mesh.nextPublish();
        assertEquals("ex:BTC@depth", first.channel());
        assertEquals("one", new String(first.data(), StandardCharsets.UTF_8));
        assertEquals("ex:1@balance", api.mesh.nextPublish().channel());
        RecordingMesh.Published third = api.mesh.nextPublish();
        assertEquals(MessageType.BINARY, third.type());
        assertArrayEquals(new byte[] {0, 1}, third.data());
    }

    @Test
    void refusesTheWholeBatchWhenOneItemIsInvalid() throws Exception {
        RunningApi.Reply reply = api.post("/v1/mesh/publish_batch",
                "[{\"c\":\"ok\",\"d\":\"fine\"},{\"c\":\"has space\",\"d\":\"x\"}]");

        assertEquals(400, reply.status());
        assertEquals(101, reply.errorCode());
        assertTrue(reply.errorMessage().startsWith("item 1 field \"c\""), reply.errorMessage());
        assertNull(api.mesh.published.poll(), "nothing may be published from a refused batch");
    }

    @Test
    void refusesChannelNamesThatSubscribeRefuses() throws Exception {
        String rule = " (expected: a channel name of 1..512 characters without whitespace or control characters)";
        String[][] cases = {
                {"a\\u0000b", "item 1 field \"c\": \"a\u0000b\": control character U+0000 at index 1" + rule},
                {"a\\tb", "item 1 field \"c\": \"a\tb\": control character U+0009 at index 1" + rule},
                {"a\\u00a0b", "item 1 field \"c\": \"a\u00a0b\": whitespace U+00A0 at index 1" + rule},
                {"z".repeat(4000), "item 1 field \"c\": \"" + "z".repeat(40) + "...\": 4000 characters, longer than 512" + rule},
        };
        for (String[] c : cases) {
            RunningApi.Reply reply = api.post("/v1/mesh/publish_batch", "[{\"c\":\"ok\",\"d\":\"fine\"},{\"c\":\"" + c[0] + "\",\"d\":\"x\"}]");

            assertEquals(400, reply.status());
            assertEquals(101, reply.errorCode());
            assertEquals(c[1], reply.errorMessage());
        }
        assertNull(api.mesh.published.poll(), "nothing may be published from a refused batch");
    }

    @Test
    void refusesABodyThatIsNotAnArrayOfObjects() throws Exception {
        assertEquals(400, api.post("/v1/mesh/publish_batch", "{\"c\":\"a\",\"d\":\"b\"}").status());
        assertEquals(400, api.post("/v1/mesh/publish_batch", "[1]").status());
        assertEquals(400, api.post("/v1/mesh/publish_batch", "[]").status());
        assertEquals(400, api.post("/v1/mesh/publish_batch", "[{\"c\":\"a\"}]").status());
        assertEquals(400, api.post("/v1/mesh/publish_batch", "[{\"c\":\"a\",\"d\":\"b\"}] x").status());
        assertEquals(400, api.post("/v1/mesh/publish_batch", "[{\"c\":\"a\",\"d\":\"%\",\"t\":\"binary\"}]").status());
        assertNull(api.mesh.published.poll());
    }

    @Test
    void answers503WhenTheNodeFailsAnItem() throws Exception {
        api.mesh.publishReply = () -> CompletableFuture.failedFuture(new IllegalStateException("broker down"));

        RunningApi.Reply reply = api.post("/v1/mesh/publish_batch", "[{\"c\":\"a\",\"d\":\"b\"}]");

        assertEquals(503, reply.status());
        assertEquals(503, reply.errorCode());
    }
}

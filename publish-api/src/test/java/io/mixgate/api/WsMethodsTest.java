package io.mixgate.api;

import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MessageType;
import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every mesh method of {@code /ws/v1} and {@code ping}, with both id spellings, over a real WebSocket. */
class WsMethodsTest {

    private final RunningWsApi api = new RunningWsApi();
    private final WsClient client = api.connect();

    WsMethodsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void publishesAndAnswersTheCountsUnderTheIdKeyTheRequestUsed() throws Exception {
        api.mesh.publishReply = () -> CompletableFuture.completedFuture(new PublishResult(3, 1));

        assertEquals("{\"E\":null,\"r\":{\"s\":3,\"f\":1},\"i\":7}",
                client.call("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"hello\"},\"i\":7}"));
        RecordingMesh.Published call = api.mesh.nextPublish();
        assertEquals("news", call.channel());
        assertEquals(MessageType.TEXT, call.type());
        assertEquals("hello", new String(call.data(), StandardCharsets.UTF_8));

        assertEquals("{\"E\":null,\"r\":{\"s\":3,\"f\":1},\"id\":\"abc\"}",
                client.call("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"AAEC\",\"t\":\"binary\"},\"id\":\"abc\"}"));
        RecordingMesh.Published binary = api.mesh.nextPublish();
        assertEquals(MessageType.BINARY, binary.type());
        assertArrayEquals(new byte[]{0, 1, 2}, binary.data());
    }

    @Test
    void aRequestWithoutAnIdGetsAReplyWithoutOne() throws Exception {
        assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":0}}", client.call("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"x\"}}"));
    }

    @Test
    void reportsUnconfirmedNodesOfAPublish() throws Exception {
        api.mesh.publishReply = () -> CompletableFuture.completedFuture(new PublishResult(2, 0, 1));

        assertEquals("{\"E\":null,\"r\":{\"s\":2,\"f\":0,\"u\":1},\"i\":1}",
                client.call("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"x\"},\"i\":1}"));
    }

    @Test
    void acceptsTheEarlyLongNames() throws Exception {
        assertEquals("{\"E\":null,\"r\":{\"s\":true},\"id\":5}",
                client.call("{\"method\":\"mesh.send\",\"params\":{\"c\":\"42\",\"d\":\"hi\"},\"id\":5}"));
        assertEquals(42, api.mesh.nextSend().clientId());
    }

    @Test
    void sendsAndAnswers401WhenTheClientIsGoneOrBusy() throws Exception {
        assertEquals("{\"E\":null,\"r\":{\"s\":true},\"i\":1}",
                client.call("{\"m\":\"mesh.send\",\"p\":{\"c\":\"9223372036854775807\",\"d\":\"hi\"},\"i\":1}"));
        assertEquals(Long.MAX_VALUE, api.mesh.nextSend().clientId());

        api.mesh.sendReply = () -> CompletableFuture.completedFuture(SendOutcome.UNKNOWN_CLIENT);
        assertEquals("{\"E\":{\"c\":401,\"m\":\"client 42 is not connected\"},\"r\":null,\"id\":2}",
                client.call("{\"m\":\"mesh.send\",\"p\":{\"c\":\"42\",\"d\":\"hi\"},\"id\":2}"));

        api.mesh.sendReply = () -> CompletableFuture.completedFuture(SendOutcome.FAILED);
        assertEquals(401, client.nextJsonAfter("{\"m\":\"mesh.send\",\"p\":{\"c\":\"42\",\"d\":\"hi\"},\"i\":3}").path("E").path("c").asInt());
    }

    @Test
    void runsConnCallsAndAnswers301WhenRefused() throws Exception {
        assertEquals("{\"E\":null,\"r\":{\"s\":true},\"i\":1}",
                client.call("{\"m\":\"conn.call\",\"p\":{\"c\":\"42\",\"f\":\"set_context_value\",\"a\":[\"uid\",1001]},\"i\":1}"));
        RecordingMesh.Called call = api.mesh.called.take();
        assertEquals(42, call.clientId());
        assertEquals(ConnCall.Function.SET_CONTEXT_VALUE, call.call().function());
        assertEquals(List.of("uid", 1001L), call.call().args());

        api.mesh.callReply = () -> CompletableFuture.completedFuture(CallOutcome.unknownClient(42));
        assertEquals("{\"E\":{\"c\":301,\"m\":\"client 42 is not connected\"},\"r\":null,\"id\":2}",
                client.call("{\"m\":\"conn.call\",\"p\":{\"c\":\"42\",\"f\":\"set_context\",\"a\":[{\"k\":1}]},\"id\":2}"));
        assertEquals(Map.of("k", 1L), api.mesh.called.take().call().args().get(0));

        api.mesh.callReply = () -> CompletableFuture.completedFuture(CallOutcome.refused("bad channel"));
        assertEquals("{\"E\":{\"c\":301,\"m\":\"bad channel\"},\"r\":null,\"i\":3}",
                client.call("{\"m\":\"conn.call\",\"p\":{\"c\":\"42\",\"f\":\"subscribe\",\"a\":[\"x\"]},\"i\":3}"));
    }

    @Test
    void answers504WhenTheOutcomeIsUnknownAnd503WhenItFailed() throws Exception {
        api.mesh.publishReply = () -> CompletableFuture.failedFuture(new OutcomeUnknownException("Redis did not answer in 2s"));
        assertEquals("{\"E\":{\"c\":504,\"m\":\"publish to channel \\\"news\\\": outcome unknown: Redis did not answer in 2s\"},\"r\":null,\"i\":1}",
                client.call("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"x\"},\"i\":1}"));

        api.mesh.callReply = () -> CompletableFuture.failedFuture(new IllegalStateException("Redis is down"));
        assertEquals("{\"E\":{\"c\":503,\"m\":\"conn.call unsubscribe on client 42 failed: Redis is down\"},\"r\":null,\"i\":2}",
                client.call("{\"m\":\"conn.call\",\"p\":{\"c\":\"42\",\"f\":\"unsubscribe\",\"a\":[\"x\"]},\"i\":2}"));
    }

    @Test
    void answersPingWithPongAsMethodAsTextAndAsFrame() throws Exception {
        assertEquals("{\"E\":null,\"r\":\"pong\",\"i\":1}", client.call("{\"m\":\"ping\",\"i\":1}"));
        assertEquals("pong", client.call("ping"));
        client.sendPing("are you there");
        assertEquals("are you there", StandardCharsets.UTF_8.decode(client.pongs.poll(10, java.util.concurrent.TimeUnit.SECONDS)).toString());
    }
}

package io.mixgate.api;

import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MeshFailureTest {

    private final RunningApi api = new RunningApi();
    private final Logger apiLogger = (Logger) LoggerFactory.getLogger("io.mixgate.api");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    MeshFailureTest() {
        logged.start();
        apiLogger.addAppender(logged);
    }

    @AfterEach
    void stop() {
        apiLogger.detachAppender(logged);
        api.close();
    }

    @Test
    void answers503WithTheCauseWhenThePublishStageFails() throws Exception {
        api.mesh.publishReply = () -> CompletableFuture.failedFuture(new IllegalStateException("redis is down"));

        RunningApi.Reply reply = api.post("/v1/mesh/publish", "{\"c\":\"news\",\"d\":\"x\",\"i\":5}");

        assertEquals(503, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals(503, reply.errorCode());
        assertEquals("publish to channel \"news\" failed: redis is down", reply.errorMessage());
        assertEquals(5, reply.json().path("i").asInt());
    }

    @Test
    void logsAFailedCallOnceAtWarn() throws Exception {
        api.mesh.sendReply = () -> CompletableFuture.failedFuture(new IllegalStateException("redis is down"));

        assertEquals(503, api.post("/v1/mesh/send", "{\"c\":\"77\",\"d\":\"x\"}").status());

        List<ILoggingEvent> events;
        synchronized (logged) { // the appender adds under this lock, on the server's thread
            events = List.copyOf(logged.list);
        }
        long warnings = events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
        assertEquals(1, warnings, () -> "logged: " + events);
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("send to client 77 failed: redis is down")));
    }

    @Test
    void answersWhenTheStageCompletesLaterOnAnotherThread() throws Exception {
        CompletableFuture<PublishResult> pending = new CompletableFuture<>();
        api.mesh.publishReply = () -> pending;

        CompletableFuture<RunningApi.Reply> reply = api.postAsync("/v1/mesh/publish", "{\"c\":\"news\",\"d\":\"x\"}");
        api.mesh.nextPublish();
        assertFalse(reply.isDone(), "the reply waits for the node");
        Thread.ofPlatform().start(() -> pending.complete(new PublishResult(2, 0)));

        RunningApi.Reply answered = reply.get(10, TimeUnit.SECONDS);
        assertEquals(200, answered.status());
        assertEquals("{\"E\":null,\"r\":{\"s\":2,\"f\":0}}", answered.raw().body());
    }

    @Test
    void answers503WhenTheStageFailsLaterOnAnotherThread() throws Exception {
        CompletableFuture<SendOutcome> pending = new CompletableFuture<>();
        api.mesh.sendReply = () -> pending;

        CompletableFuture<RunningApi.Reply> reply = api.postAsync("/v1/mesh/send", "{\"c\":\"1\",\"d\":\"x\"}");
        api.mesh.nextSend();
        Thread.ofPlatform().start(() -> pending.completeExceptionally(new RuntimeException("broker closed")));

        RunningApi.Reply answered = reply.get(10, TimeUnit.SECONDS);
        assertEquals(503, answered.status());
        assertEquals("send to client 1 failed: broker closed", answered.errorMessage());
    }

    @Test
    void answers503WhenTheNodeThrowsInsteadOfFailingTheStage() throws Exception {
        api.mesh.publishReply = () -> {
            throw new IllegalStateException("not started");
        };

        RunningApi.Reply reply = api.post("/v1/mesh/publish", "{\"c\":\"news\",\"d\":\"x\"}");

        assertEquals(503, reply.status());
        assertEquals(503, reply.errorCode());
        assertTrue(reply.errorMessage().endsWith("not started"), reply.errorMessage());
    }

    @Test
    void answers500WhenTheNodeReturnsNoStage() throws Exception {
        api.mesh.publishReply = () -> null;

        RunningApi.Reply reply = api.post("/v1/mesh/publish", "{\"c\":\"news\",\"d\":\"x\"}");

        assertEquals(500, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals(500, reply.errorCode());
    }

    @Test
    void answers500WhenTheStageCompletesWithNoResult() throws Exception {
        api.mesh.sendReply = () -> CompletableFuture.completedFuture(null);

        RunningApi.Reply reply = api.post("/v1/mesh/send", "{\"c\":\"1\",\"d\":\"x\"}");

        assertEquals(500, reply.status());
        assertEquals(500, reply.errorCode());
    }
}

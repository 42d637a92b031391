package io.mixgate.api;

import io.mixgate.core.QueueItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code queue.pop} / {@code queue.unpop} over {@code /ws/v1}, and the events of popped items. */
class WsQueuesTest {

    private final RunningWsApi api = new RunningWsApi();
    private final WsClient client = api.connect();

    WsQueuesTest() throws Exception {
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void popsInBothParamFormsAndDeliversEventsWithTheValueAsJson() throws Exception {
        assertEquals("{\"E\":null,\"r\":{\"s\":true},\"i\":1}", client.call("{\"m\":\"queue.pop\",\"p\":{\"t\":[\"orders\"]},\"i\":1}"));
        assertEquals("{\"E\":null,\"r\":{\"s\":true},\"id\":2}", client.call("{\"m\":\"queue.pop\",\"p\":[\"trades\",\"fills\"],\"id\":2}"));
        assertEquals(1, api.queues.consumers.size(), "one consumer per connection");
        assertEquals(Set.of("orders", "trades", "fills"), api.queues.consumers.get(0).topics);

        CompletableFuture<Void> written = api.queues.push(
                new QueueItem(3, "1234567890123456789", "orders", "{\"uid\":1001,\"items\":[1,\"two\"]}")).toCompletableFuture();
        assertEquals("{\"e\":\"queue.pop\",\"p\":{\"n\":\"3\",\"c\":\"1234567890123456789\",\"t\":\"orders\","
                + "\"d\":{\"uid\":1001,\"items\":[1,\"two\"]}},\"id\":null}", client.next());
        written.get(10, TimeUnit.SECONDS); // completed normally: the frame is on the socket

        api.queues.push(new QueueItem(3, "", "fills", "\"plain\"")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("\"plain\"", client.nextJson().path("p").path("d").toString());
    }

    @Test
    void answers202ForADuplicatePopAnd201ForATopicThatCannotBePopped() throws Exception {
        client.call("{\"m\":\"queue.pop\",\"p\":[\"orders\"],\"i\":1}");
        assertEquals("{\"E\":{\"c\":202,\"m\":\"topic \\\"orders\\\" is popped already\"},\"r\":null,\"i\":2}",
                client.call("{\"m\":\"queue.pop\",\"p\":[\"orders\"],\"i\":2}"));
        assertEquals(201, client.nextJsonAfter("{\"m\":\"queue.pop\",\"p\":[\"broken\"],\"i\":3}").path("E").path("c").asInt());
    }

    @Test
    void refusesBadTopicListsNamingTheForms() throws Exception {
        assertEquals("field \"p\": missing (expected: {\"t\":[\"topic\", ...]} or [\"topic\", ...])",
                client.nextJsonAfter("{\"m\":\"queue.pop\",\"i\":1}").path("E").path("m").asText());
        assertEquals("field \"p.t\": \"orders\" (expected: {\"t\":[\"topic\", ...]} or [\"topic\", ...])",
                client.nextJsonAfter("{\"m\":\"queue.pop\",\"p\":{\"t\":\"orders\"},\"i\":2}").path("E").path("m").asText());
        assertEquals(101, client.nextJsonAfter("{\"m\":\"queue.pop\",\"p\":[],\"i\":3}").path("E").path("c").asInt());
        assertEquals(101, client.nextJsonAfter("{\"m\":\"queue.pop\",\"p\":[\"\",7],\"i\":4}").path("E").path("c").asInt());
        assertEquals(0, api.queues.consumers.size());
    }

    @Test
    void unpopStopsEveryTopic() throws Exception {
        assertEquals("{\"E\":null,\"r\":{\"s\":true},\"i\":0}", client.call("{\"m\":\"queue.unpop\",\"i\":0}"));
        client.call("{\"m\":\"queue.pop\",\"p\":[\"a\",\"b\"],\"i\":1}");
        assertEquals("{\"E\":null,\"r\":{\"s\":true},\"i\":2}", client.call("{\"m\":\"queue.unpop\",\"p\":{},\"i\":2}"));
        assertTrue(api.queues.consumers.get(0).topics.isEmpty());
        assertEquals("{\"E\":null,\"r\":{\"s\":true},\"i\":3}", client.call("{\"m\":\"queue.pop\",\"p\":[\"a\"],\"i\":3}"));
    }

    @Test
    void closesTheConsumerWithTheConnectionAndFailsLaterDeliveries() throws Exception {
        client.call("{\"m\":\"queue.pop\",\"p\":[\"orders\"],\"i\":1}");
        MemoryQueues.Consumer consumer = api.queues.consumers.get(0);

        client.abort();
        consumer.closed.get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS); // the consumer is closed when the connection goes

        CompletableFuture<Void> late = consumer.sink.deliver(new QueueItem(1, "", "orders", "1")).toCompletableFuture();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("closed"), failed.getCause().toString());
    }

    @Test
    void answers201WhenTheNodeHasNoQueues() throws Exception {
        try (RunningWsApi noQueues = new RunningWsApi(b -> b.queues(null)); WsClient other = noQueues.connect()) {
            assertEquals("{\"E\":{\"c\":201,\"m\":\"queues are not available on this node\"},\"r\":null,\"i\":1}",
                    other.call("{\"m\":\"queue.pop\",\"p\":[\"orders\"],\"i\":1}"));
        }
    }
}

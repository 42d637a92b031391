package io.mixgate.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.QueueConfig;
import io.mixgate.core.QueueConsumer;
import io.mixgate.core.QueueException;
import io.mixgate.core.QueueItem;
import io.mixgate.testing.Conditions;
import io.mixgate.testing.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryQueuesTest {

    private static MemoryQueues queues(int topicSize, int maxTopics) {
        return new MemoryQueues(new QueueConfig(topicSize, maxTopics, Duration.ofSeconds(10)));
    }

    private static QueueItem item(String topic, int n) {
        return new QueueItem(1, "42", topic, Integer.toString(n));
    }

    private static long push(MemoryQueues q, QueueItem item) {
        return q.push(item).toCompletableFuture().join();
    }

    private static Throwable refusal(MemoryQueues q, QueueItem item) {
        CompletionException e = assertThrows(CompletionException.class, () -> q.push(item).toCompletableFuture().join());
        return assertInstanceOf(QueueRefusedException.class, e.getCause());
    }

    @Test
    void competingConsumersEachGetEveryItemExactlyOnce() throws Exception {
        MemoryQueues q = queues(2000, 100);
        RecordingSink a = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        RecordingSink b = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        q.consumer(a).pop(List.of("jobs"));
        q.consumer(b).pop(List.of("jobs"));
        Thread[] pushers = new Thread[4];
        for (int t = 0; t < pushers.length; t++) {
            int first = t * 250;
            pushers[t] = Thread.ofVirtual().start(() -> IntStream.range(first, first + 250).forEach(i -> push(q, item("jobs", i))));
        }
        for (Thread t : pushers) {
            t.join();
        }
        Conditions.awaitTrue(() -> a.written().size() + b.written().size() == 1000, "1000 items written");
        List<String> all = new ArrayList<>(a.data());
        all.addAll(b.data());
        assertEquals(1000, all.size());
        assertEquals(1000, new HashSet<>(all).size(), "an item was written twice");
        assertTrue(a.written().size() > 0 && b.written().size() > 0,
                "both consumers compete: " + a.written().size() + " / " + b.written().size());
        assertEquals(0, q.backlog("jobs"));
    }

    @Test
    void oneConsumerGetsItemsInPushOrder() {
        MemoryQueues q = queues(2000, 100);
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        q.consumer(sink).pop(List.of("t"));
        for (int i = 0; i < 100; i++) {
            push(q, item("t", i));
        }
        assertEquals(IntStream.range(0, 100).mapToObj(Integer::toString).toList(), sink.data());
    }

    @Test
    void itemsWaitForAConsumer() {
        MemoryQueues q = queues(2000, 100);
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, push(q, item("later", i)));
        }
        assertEquals(5, q.backlog("later"));
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        q.consumer(sink).pop(List.of("later"));
        assertEquals(List.of("0", "1", "2", "3", "4"), sink.data());
        assertEquals(0, q.backlog("later"));
    }

    @Test
    void aFullTopicRefusesThePushAndKeepsTheOlderItems() {
        MemoryQueues q = queues(3, 100);
        assertEquals(1, push(q, item("t", 1)));
        assertEquals(2, push(q, item("t", 2)));
        assertEquals(3, push(q, item("t", 3)));
        assertEquals("topic t is full: 3 items (queue.topicSize)", refusal(q, item("t", 4)).getMessage());
        assertEquals(3, q.backlog("t"));
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        q.consumer(sink).pop(List.of("t"));
        assertEquals(List.of("1", "2", "3"), sink.data());
        assertEquals(1, push(q, item("t", 5)), "room again once written");
    }

    @Test
    void maxTopicsRefusesANewTopicButNotAnExistingOne() {
        MemoryQueues q = queues(10, 2);
        push(q, item("a", 1));
        push(q, item("b", 1));
        assertEquals("too many topics: 2 topics hold items (queue.maxTopics)", refusal(q, item("c", 1)).getMessage());
        assertEquals(2, push(q, item("a", 2)));
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        q.consumer(sink).pop(List.of("a"));
        assertEquals(1, push(q, item("c", 1)), "a drained topic no longer counts");
    }

    @Test
    void aFailedWriteHandsTheItemToAnotherConsumer() {
        MemoryQueues q = queues(10, 10);
        RecordingSink dropped = new RecordingSink(RecordingSink.Mode.FAIL);
        q.consumer(dropped).pop(List.of("t"));
        push(q, item("t", 1));
        push(q, item("t", 2));
        assertEquals(1, dropped.attempted.size(), "a consumer whose write failed gets nothing more");
        assertEquals(2, q.backlog("t"));
        RecordingSink other = new RecordingSink(RecordingSink.Mode.WRITE);
        q.consumer(other).pop(List.of("t"));
        assertEquals(List.of("1", "2"), other.data(), "the failed item went back to the head");
        assertEquals(0, q.backlog("t"));
    }

    @Test
    void unpopStopsDelivery() {
        MemoryQueues q = queues(10, 10);
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        QueueConsumer consumer = q.consumer(sink);
        consumer.pop(List.of("t", "u"));
        push(q, item("t", 1));
        consumer.unpop();
        push(q, item("t", 2));
        push(q, item("u", 3));
        assertEquals(List.of("1"), sink.data());
        assertEquals(1, q.backlog("t"));
        consumer.pop(List.of("u"));
        assertEquals(List.of("1", "3"), sink.data(), "popping again after unpop works");
        consumer.close();
        push(q, item("u", 4));
        assertEquals(List.of("1", "3"), sink.data());
    }

    @Test
    void popRejectsDuplicatesAndInvalidTopicsWithoutAddingAny() {
        MemoryQueues q = queues(10, 10);
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        QueueConsumer consumer = q.consumer(sink);
        consumer.pop(List.of("a"));
        QueueException dup = assertThrows(QueueException.class, () -> consumer.pop(List.of("b", "a")));
        assertEquals(QueueException.Kind.DUPLICATE_CONSUME, dup.kind());
        push(q, item("b", 1));
        assertEquals(List.of(), sink.data(), "b was not added by the refused pop");
        for (String bad : List.of("", "has space", "tab\t", "x".repeat(257))) {
            QueueException e = assertThrows(QueueException.class, () -> consumer.pop(List.of(bad)));
            assertEquals(QueueException.Kind.CONSUME_FAILED, e.kind(), bad);
        }
    }

    @Test
    void aPushToAnInvalidTopicIsRefused() {
        MemoryQueues q = queues(10, 10);
        assertEquals("topic must not be empty", refusal(q, item("", 1)).getMessage());
        assertTrue(refusal(q, item("a b", 1)).getMessage().contains("whitespace"));
        assertTrue(refusal(q, item("x".repeat(257), 1)).getMessage().contains("longer than 256"));
        assertEquals(1, push(q, item("x".repeat(256), 1)));
    }

    @Test
    void topicsOfOneConsumerTakeTurns() {
        MemoryQueues q = queues(10, 10);
        for (int i = 0; i < 3; i++) {
            push(q, item("a", i));
            push(q, item("b", i));
        }
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        q.consumer(sink).pop(List.of("a", "b"));
        Set<String> seen = new HashSet<>();
        Conditions.awaitTrue(() -> sink.written().size() == 6, "6 items written");
        sink.written().forEach(i -> seen.add(i.topic() + i.dataJson()));
        assertEquals(6, seen.size());
        assertEquals(List.of("a", "b", "a", "b", "a", "b"), sink.written().stream().map(QueueItem::topic).toList());
    }
}

package io.mixgate.session;

import static io.mixgate.testing.Conditions.DEADLINE;
import static io.mixgate.testing.Conditions.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.MessageType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptLaneTest {
    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopThreads() {
        virtualThreads.shutdownNow();
    }

    @Test
    void runsTasksOneAtATimeInSubmissionOrder() throws Exception {
        ScriptLane lane = new ScriptLane(virtualThreads, Integer.MAX_VALUE);
        OverlapProbe probe = new OverlapProbe();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        int count = 2_000;
        CountDownLatch done = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int n = i;
            lane.submit(() -> probe.run(() -> order.add(n), done));
        }

        assertTrue(done.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "tasks did not all run");
        assertEquals(IntStream.range(0, count).boxed().toList(), order);
        assertEquals(1, probe.mostAtOnce.get(), "tasks of one lane overlapped");
    }

    @Test
    void submittersOnManyThreadsStillGetOneTaskAtATimeAndTheirOwnOrder() throws Exception {
        ScriptLane lane = new ScriptLane(virtualThreads, Integer.MAX_VALUE);
        OverlapProbe probe = new OverlapProbe();
        int submitters = 4;
        int each = 1_000;
        List<List<Integer>> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(submitters * each);
        CountDownLatch go = new CountDownLatch(1);
        for (int s = 0; s < submitters; s++) {
            List<Integer> mine = Collections.synchronizedList(new ArrayList<>());
            seen.add(mine);
            Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < each; i++) {
                    int n = i;
                    lane.submit(() -> probe.run(() -> mine.add(n), done));
                }
            });
        }
        go.countDown();

        assertTrue(done.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "tasks were lost between drains");
        for (List<Integer> mine : seen) {
            assertEquals(IntStream.range(0, each).boxed().toList(), mine);
        }
        assertEquals(1, probe.mostAtOnce.get(), "tasks of one lane overlapped");
        awaitTrue(() -> lane.pending() == 0, "pending back to 0");
    }

    @Test
    void taskThatThrowsDoesNotStopLaterTasks() throws Exception {
        ScriptLane lane = new ScriptLane(virtualThreads, Integer.MAX_VALUE);
        CountDownLatch later = new CountDownLatch(1);

        lane.submit(() -> {
            throw new IllegalStateException("expected by the test: a failing script callback");
        });
        lane.submit(later::countDown);

        assertTrue(later.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the task after a failing one never ran");
        awaitTrue(() -> lane.pending() == 0, "pending back to 0");
    }

    @Test
    void holdsNoThreadWhileIdleAndStartsOneDrainPerBusySpell() throws Exception {
        AtomicInteger drainsStarted = new AtomicInteger();
        AtomicInteger drainsRunning = new AtomicInteger();
        Executor counting = drain -> {
            drainsStarted.incrementAndGet();
            drainsRunning.incrementAndGet();
            virtualThreads.execute(() -> {
                try {
                    drain.run();
                } finally {
                    drainsRunning.decrementAndGet();
                }
            });
        };
        ScriptLane lane = new ScriptLane(counting, Integer.MAX_VALUE);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(4);

        lane.submit(() -> {
            awaitQuietly(release);
            done.countDown();
        });
        for (int i = 0; i < 3; i++) {
            lane.submit(done::countDown);
        }
        assertEquals(1, drainsStarted.get(), "a busy lane must not start a second drain");

        release.countDown();
        assertTrue(done.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        awaitTrue(() -> drainsRunning.get() == 0, "the drain ends once the lane is empty");

        lane.submit(() -> { });
        assertEquals(2, drainsStarted.get(), "an idle lane starts a fresh drain");
        awaitTrue(() -> drainsRunning.get() == 0, "the second drain ends too");
    }

    @Test
    void backlogIsReportedAtHighWaterAndClearsAtAQuarterOfIt() {
        Queue<Runnable> drains = new ArrayDeque<>();
        ScriptLane lane = new ScriptLane(drains::add, 8); // low water: 2
        BacklogRecorder transport = new BacklogRecorder();
        lane.bind(transport);
        List<String> seenByTasks = new ArrayList<>();

        for (int i = 1; i <= 9; i++) {
            lane.submit(() -> seenByTasks.add("pending=" + lane.pending()
                    + " paused->" + lane.isBacklogged(true)
                    + " reading->" + lane.isBacklogged(false)
                    + " changes=" + transport.changes));
            assertEquals(i >= 8, lane.isBacklogged(false), "backlogged when reading, at pending " + i);
            assertEquals(i >= 8 ? 1 : 0, transport.changes, "backlog changes at pending " + i);
        }
        assertEquals(1, drains.size(), "one drain for the whole backlog");

        drains.remove().run();

        assertEquals(List.of(
                "pending=9 paused->true reading->true changes=1",
                "pending=8 paused->true reading->true changes=1",
                "pending=7 paused->true reading->false changes=1",
                "pending=6 paused->true reading->false changes=1",
                "pending=5 paused->true reading->false changes=1",
                "pending=4 paused->true reading->false changes=1",
                "pending=3 paused->true reading->false changes=1",
                "pending=2 paused->false reading->false changes=2",
                "pending=1 paused->false reading->false changes=2"), seenByTasks);
        assertEquals(0, lane.pending());
        assertEquals(2, transport.changes, "no change reported on reaching 0");

        for (int i = 0; i < 8; i++) {
            lane.submit(() -> { });
        }
        assertEquals(3, transport.changes, "high water reached again is reported again");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wraps task bodies to record the most that ever ran at once. */
    private static final class OverlapProbe {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        void run(Runnable body, CountDownLatch done) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            body.run();
            Thread.yield(); // a chance for a second task to overlap, were the lane to allow it
            running.decrementAndGet();
            done.countDown();
        }
    }

    /** The boundary the lane reports to; only {@link #backlogChanged()} matters here. */
    private static final class BacklogRecorder implements ClientTransport {
        int changes; // the manual executor runs everything on the test thread

        @Override
        public void backlogChanged() {
            changes++;
        }

        @Override
        public String remoteAddress() {
            return "test";
        }

        @Override
        public WireFormat format() {
            return (data, type) -> null;
        }

        @Override
        public boolean write(OutboundMessage message) {
            return false;
        }

        @Override
        public int writeMany(java.util.List<OutboundMessage> messages) {
            return 0;
        }

        @Override
        public void close(CloseCode code, String reason) {
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}

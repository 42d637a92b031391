package io.mixgate;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes {@code {"i":n}} (n = 1, 2, 3 …) to one channel through the publish API at a steady rate
 * on a thread of its own, and sorts each publish by its answer: 200 (published), 503 (certainly
 * not), 504 or no answer (may have been). For the chaos tests, which count what every subscriber
 * got against these sets.
 */
final class PacedPublisher implements AutoCloseable {
    final Set<Integer> answeredOk = ConcurrentHashMap.newKeySet();
    final Set<Integer> answeredFailed = ConcurrentHashMap.newKeySet();
    final Set<Integer> answeredUnknown = ConcurrentHashMap.newKeySet();
    private final URI publishUri;
    private final String channel;
    private final int perSecond;
    private final AtomicBoolean publishing = new AtomicBoolean(true);
    private final Thread thread;

    /** Starts publishing to {@code channel} through {@code node}'s API, {@code perSecond} a second. */
    PacedPublisher(TestNode node, String channel, int perSecond) {
        this.publishUri = node.api("/v1/mesh/publish");
        this.channel = channel;
        this.perSecond = perSecond;
        this.thread = Thread.ofPlatform().name("publisher").start(this::run);
    }

    /** Waits until {@code more} further publishes were answered 200, at most {@code within}. */
    void awaitPublished(int more, Duration within) throws Exception {
        int target = answeredOk.size() + more;
        Await.until(more + " more publications", within, answeredOk::size, n -> n >= target);
    }

    /** Stops publishing and waits for the publish in flight to be answered. */
    void stop() throws InterruptedException {
        publishing.set(false);
        thread.join();
    }

    /** The publishes not answered 200. */
    int failures() {
        return answeredFailed.size() + answeredUnknown.size();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void run() {
        long start = System.nanoTime();
        for (int i = 1; publishing.get(); i++) {
            long wait = start + i * (1_000_000_000L / perSecond) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing the rate
            }
            try {
                ApiClient.Reply reply = ApiClient.post(publishUri, "{\"c\":\"" + channel + "\",\"d\":\"{\\\"i\\\":" + i + "}\"}");
                if (reply.status() == 200) {
                    answeredOk.add(i);
                } else {
                    (reply.status() == 503 ? answeredFailed : answeredUnknown).add(i);
                }
            } catch (Exception e) {
                answeredUnknown.add(i);
            }
        }
    }
}

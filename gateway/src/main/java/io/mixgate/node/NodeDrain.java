package io.mixgate.node;

import io.mixgate.config.DrainConfig;
import io.mixgate.session.CloseCode;
import io.mixgate.session.Session;
import io.mixgate.session.SessionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a node out of service without a thundering herd (SIGTERM): marks it draining, so that
 * {@code /health} answers 503 at once; closes its listeners; waits {@code drain.delay} for the
 * balancer to see the red health; closes the clients with 1012 "service restart" spread evenly over
 * {@code drain.window}; then waits for the connections to go, for script callbacks
 * ({@code on_close} included) and for API requests in flight — all before
 * {@code drain.timeout} minus a reserve for closing the node's parts.
 *
 * <p>Thread safety: {@link #notReady()} may be called from any thread and never blocks;
 * {@link #run()} is called once, from a thread of its own, and blocks for the whole drain.
 */
public final class NodeDrain {
    private static final Logger log = LoggerFactory.getLogger(NodeDrain.class);
    /** Reported by {@code /health} while the node drains. */
    public static final String DRAINING = "draining";

    /** What the API server offers a draining node: answer what is in flight, refuse the rest. */
    public interface ApiRequests {
        /** @return whether every request in flight was answered within {@code timeout} */
        boolean finish(Duration timeout) throws InterruptedException;
    }

    private final DrainConfig config;
    private final Runnable stopAccepting;
    private final SessionRegistry sessions;
    private final InFlightTasks callbacks;
    private final ApiRequests api;
    private final LongSupplier nanoClock;
    private volatile boolean draining;

    /**
     * @param stopAccepting closes every client listener (the API keeps listening)
     * @param callbacks     the executor the script lanes run on
     * @param nanoClock     a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public NodeDrain(DrainConfig config, Runnable stopAccepting, SessionRegistry sessions, InFlightTasks callbacks,
                     ApiRequests api, LongSupplier nanoClock) {
        this.config = config;
        this.stopAccepting = stopAccepting;
        this.sessions = sessions;
        this.callbacks = callbacks;
        this.api = api;
        this.nanoClock = nanoClock;
    }

    /** {@link #DRAINING} once {@link #run()} started, else null; part of the node's readiness. */
    public String notReady() {
        return draining ? DRAINING : null;
    }

    /**
     * Drains the node; blocks until done or out of time.
     *
     * @return what was still left when the time ran out, empty when the drain completed
     */
    public List<String> run() throws InterruptedException {
        long start = nanoClock.getAsLong();
        draining = true;
        long reserve = Math.min(TimeUnit.SECONDS.toNanos(2), config.timeout().toNanos() / 10);
        long deadline = start + config.timeout().toNanos() - reserve;
        stopAccepting.run();
        List<Session> open = sessions.snapshot();
        log.info("draining: /health answers 503, listeners closed; closing {} client(s) with 1012 over {} after {}",
                open.size(), config.window(), config.delay());
        long firstClose = start + config.delay().toNanos();
        long window = config.window().toNanos();
        for (int i = 0; i < open.size(); i++) {
            sleepUntil(firstClose + window * i / open.size());
            closeOne(open.get(i));
        }
        for (Session late : sessions.snapshot()) { // upgraded while the listeners were closing
            closeOne(late);
        }
        List<String> left = new ArrayList<>();
        if (!sessions.awaitEmpty(remaining(deadline))) { // the closes complete on the event loops
            left.add(sessions.size() + " client connection(s) still open");
        }
        if (!callbacks.awaitIdle(remaining(deadline))) {
            left.add(callbacks.running() + " script lane(s) still running a callback");
        }
        if (!api.finish(remaining(deadline))) {
            left.add("API requests still in flight");
        }
        log.info("drained in {} ms{}", TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start),
                left.isEmpty() ? "" : "; out of time with " + String.join(", ", left));
        return left;
    }

    private static void closeOne(Session session) {
        if (!session.isClosed() && !session.isClosing()) {
            session.close(CloseCode.SERVICE_RESTART, CloseCode.SERVICE_RESTART.reason());
        }
    }

    private Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - nanoClock.getAsLong()));
    }

    private void sleepUntil(long target) throws InterruptedException {
        long left = target - nanoClock.getAsLong();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}

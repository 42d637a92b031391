package io.mixgate;

import static io.mixgate.WsWire.CONTINUATION;
import static io.mixgate.WsWire.TEXT;
import static io.mixgate.WsWire.bytes;
import static io.mixgate.WsWire.filled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Misbehaving clients cannot flood the log: 1,000 clients that drop in the middle of a message
 * write a bounded number of bytes at the shipped level, and each at most one line, with no
 * stack trace, at DEBUG.
 */
class ClientLogFloodTest {
    private static final int CLIENTS = 1_000;
    private static final int AT_ONCE = 4;
    /** The node's start-up and shutdown lines fit many times over; one line per client does not. */
    private static final int MAX_LINES = 40;
    private static final int MAX_BYTES = 8 * 1024;

    /** Counts every event the root logger lets through, with the bytes its message and stack trace take. */
    private static final class Recorder extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        protected void append(ILoggingEvent event) {
            event.getFormattedMessage();
            events.add(event);
        }

        long bytes() {
            synchronized (events) {
                return events.stream().mapToLong(e -> e.getFormattedMessage().length() + 80 + traceBytes(e.getThrowableProxy())).sum();
            }
        }

        private static long traceBytes(IThrowableProxy t) {
            long n = 0;
            for (; t != null; t = t.getCause()) {
                n += t.getClassName().length() + String.valueOf(t.getMessage()).length()
                        + 60L * t.getStackTraceElementProxyArray().length;
            }
            return n;
        }
    }

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger transport = (Logger) LoggerFactory.getLogger("io.mixgate.transport");
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void capture() {
        recorder.start();
        root.addAppender(recorder);
    }

    @AfterEach
    void release() {
        root.detachAppender(recorder);
        transport.setLevel(null);
    }

    /** Upgrades, sends the first fragment of a text message and goes: with a FIN, or a reset. */
    private static void dropMidFragment(TestNode node, int i) throws Exception {
        WsWire w = WsWire.connect(node, "/exchange-stream");
        w.send(false, 0, TEXT, filled(100, 'a'));
        if (i % 3 == 2) {
            w.send(false, 0, CONTINUATION, filled(50, 'b')).raw(bytes(0x80, 0x80 | 120, 1, 2)); // and mid-frame
        }
        w.drop(i % 2 == 0);
    }

    private static void run(TestNode node, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < AT_ONCE; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < clients; i += AT_ONCE) {
                        dropMidFragment(node, i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Eventually.until("every dropped connection is gone", () -> node.gateway.connectionCount() == 0);
    }

    @Test
    void thousandClientsDroppingMidFragmentWriteABoundedLog() throws Exception {
        try (TestNode node = TestNode.withScript("echo.lua")) {
            recorder.events.clear();
            run(node, CLIENTS);
            List<String> lines;
            synchronized (recorder.events) {
                lines = recorder.events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
            }
            assertTrue(lines.size() < MAX_LINES && recorder.bytes() < MAX_BYTES, lines.size() + " lines, "
                    + recorder.bytes() + " bytes, the first: " + lines.subList(0, Math.min(3, lines.size())));
        }
    }

    @Test
    void atDebugEachMisbehavingClientGetsOneLineWithItsIdAndNoStackTrace() throws Exception {
        transport.setLevel(Level.DEBUG);
        try (TestNode node = TestNode.withScript("echo.lua")) {
            recorder.events.clear();
            run(node, 200);
            Map<String, Integer> perConnection = new HashMap<>();
            Pattern conn = Pattern.compile("conn=(\\d+)");
            synchronized (recorder.events) {
                for (ILoggingEvent e : recorder.events) {
                    if (!e.getLoggerName().startsWith("io.mixgate.transport")) {
                        continue;
                    }
                    assertEquals(null, e.getThrowableProxy(), "no stack trace: " + e.getFormattedMessage());
                    Matcher m = conn.matcher(e.getFormattedMessage());
                    if (m.find()) {
                        perConnection.merge(m.group(1), 1, Integer::sum);
                    }
                }
            }
            assertTrue(perConnection.size() >= 100, "a line with the connection id for most clients: " + perConnection.size());
            List<Integer> counts = new ArrayList<>(perConnection.values());
            assertTrue(counts.stream().allMatch(n -> n == 1), "at most one line per connection: "
                    + Arrays.toString(counts.stream().filter(n -> n > 1).toArray()));
        }
    }
}

package io.mixgate.testing;

import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A queue consumer's connection for tests: records what was written, fails as a dropped
 * connection, or never finishes writing (a node that dies mid-write). Thread-safe.
 */
public final class RecordingSink implements QueueSink {
    public enum Mode {
        /** Written at once, on the caller's thread. */
        WRITE,
        /** Written later, on another thread. */
        WRITE_ASYNC,
        /** The connection is gone: every write fails. */
        FAIL,
        /** The write never finishes. */
        HOLD
    }

    private final List<QueueItem> written = new ArrayList<>();
    public final ConcurrentLinkedQueue<QueueItem> attempted = new ConcurrentLinkedQueue<>();
    private volatile Mode mode;

    public RecordingSink(Mode mode) {
        this.mode = mode;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    @Override
    public CompletionStage<Void> deliver(QueueItem item) {
        attempted.add(item);
        return switch (mode) {
            case WRITE -> {
                record(item);
                yield CompletableFuture.completedFuture(null);
            }
            case WRITE_ASYNC -> CompletableFuture.runAsync(() -> record(item));
            case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
            case HOLD -> new CompletableFuture<>();
        };
    }

    private synchronized void record(QueueItem item) {
        written.add(item);
    }

    public synchronized List<QueueItem> written() {
        return List.copyOf(written);
    }

    public synchronized List<String> data() {
        return written.stream().map(QueueItem::dataJson).toList();
    }
}

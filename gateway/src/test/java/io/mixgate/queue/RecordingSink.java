package io.mixgate.queue;

import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A consumer's connection for tests: records what was written, or fails as a dropped connection. */
final class RecordingSink implements QueueSink {
    enum Mode {
        /** Written at once, on the caller's thread. */
        WRITE,
        /** Written later, on another thread. */
        WRITE_ASYNC,
        /** The connection is gone: every write fails. */
        FAIL
    }

    private final List<QueueItem> written = new ArrayList<>();
    final ConcurrentLinkedQueue<QueueItem> attempted = new ConcurrentLinkedQueue<>();
    private volatile Mode mode;

    RecordingSink(Mode mode) {
        this.mode = mode;
    }

    void mode(Mode mode) {
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
        };
    }

    private synchronized void record(QueueItem item) {
        written.add(item);
    }

    synchronized List<QueueItem> written() {
        return List.copyOf(written);
    }

    synchronized List<String> data() {
        return written.stream().map(QueueItem::dataJson).toList();
    }
}

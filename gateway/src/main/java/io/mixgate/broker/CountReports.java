package io.mixgate.broker;

import io.mixgate.core.PublishResult;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The receiving side of exact mesh-wide counts: gathers the delivery counts this node owes
 * to each publishing node and sends them as one node message per publisher, when the inbound
 * queue is drained ({@link #flush}) or when a publisher's batch is full. Wire form, big-endian:
 * <pre>
 * 'C' reports:int { requestId:long delivered:long failed:long } * reports
 * </pre>
 * Thread safety: not thread-safe; confined to the inbound dispatcher's thread.
 */
final class CountReports {
    static final byte KIND = 'C';
    private static final int ENTRY = 24;
    private static final int MAX_BATCH = 512;

    /** Where a batch goes: publisher node, payload. */
    private final BiConsumer<Integer, byte[]> send;
    private final Map<Integer, ByteBuffer> batches = new HashMap<>();

    CountReports(BiConsumer<Integer, byte[]> send) {
        this.send = send;
    }

    void add(int publisher, long requestId, PublishResult counts) {
        ByteBuffer batch = batches.computeIfAbsent(publisher, p -> newBatch());
        batch.putLong(requestId).putLong(counts.delivered()).putLong(counts.failed());
        if (!batch.hasRemaining()) {
            send(publisher, batch);
            batches.remove(publisher);
        }
    }

    /** Sends every batch gathered so far. */
    void flush() {
        if (batches.isEmpty()) {
            return;
        }
        batches.forEach(this::send);
        batches.clear();
    }

    private static ByteBuffer newBatch() {
        ByteBuffer batch = ByteBuffer.allocate(5 + ENTRY * MAX_BATCH);
        batch.put(KIND).putInt(0);
        return batch;
    }

    private void send(int publisher, ByteBuffer batch) {
        int entries = (batch.position() - 5) / ENTRY;
        batch.putInt(1, entries);
        byte[] payload = new byte[batch.position()];
        batch.get(0, payload);
        send.accept(publisher, payload);
    }

    /**
     * Hands every report in {@code payload} to {@code sink}: request id, counts.
     *
     * @throws IllegalArgumentException when {@code payload} is not a well-formed batch
     */
    static void read(byte[] payload, ReportSink sink) {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload, 1, payload.length - 1);
            int entries = in.getInt();
            if (entries < 0 || in.remaining() != (long) entries * ENTRY) {
                throw new IllegalArgumentException("count report of " + payload.length + " bytes for " + entries + " entries");
            }
            for (int i = 0; i < entries; i++) {
                sink.report(in.getLong(), new PublishResult(in.getLong(), in.getLong()));
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated count report", e);
        }
    }

    /** Receives one report. */
    interface ReportSink {
        void report(long requestId, PublishResult counts);
    }
}

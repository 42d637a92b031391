package io.mixgate.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The message the bench publishes: about 150 bytes of JSON that begins with its send time, so
 * a receiver reads the time without parsing JSON: {@code {"ts":<nanoTime>,"seq":<n>,"pad":"..."}}.
 * Send times are {@link System#nanoTime()} of the bench process, which both publishes and
 * receives, so clocks never need to agree.
 */
final class Payload {
    /** Bytes every payload is padded to. */
    static final int SIZE = 150;
    private static final byte[] PREFIX = "{\"ts\":".getBytes(StandardCharsets.US_ASCII);

    private Payload() {
    }

    /**
     * A payload stamped with {@code sendNanos}: {@code pad} (about 150 bytes, padded with one
     * repeated letter: compresses to almost nothing), or {@code book} (about 600 bytes of an order
     * book update, 20 price levels whose digits vary from message to message, as a market feed's
     * do: what compression meets in practice).
     */
    static String create(long sendNanos, long seq, String kind) {
        return kind.equals("book") ? book(sendNanos, seq) : create(sendNanos, seq);
    }

    private static String book(long sendNanos, long seq) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seq);
        StringBuilder sb = new StringBuilder(640).append("{\"ts\":").append(sendNanos).append(",\"seq\":").append(seq)
                .append(",\"s\":\"BTCUSDT\",\"b\":[");
        for (int i = 0; i < 20; i++) {
            if (i == 10) {
                sb.setLength(sb.length() - 1);
                sb.append("],\"a\":[");
            }
            sb.append("[\"").append(42000 + random.nextInt(2000)).append('.').append(10 + random.nextInt(90))
                    .append("\",\"").append(random.nextInt(20)).append('.').append(1000 + random.nextInt(9000)).append("\"],");
        }
        sb.setLength(sb.length() - 1);
        return sb.append("]}").toString();
    }

    /** A payload stamped with {@code sendNanos}. */
    static String create(long sendNanos, long seq) {
        String head = "{\"ts\":" + sendNanos + ",\"seq\":" + seq + ",\"pad\":\"";
        int pad = Math.max(0, SIZE - head.length() - 2);
        return head + "x".repeat(pad) + "\"}";
    }

    /** The send time in a received payload, or -1 if it is not a bench payload (e.g. a reply). */
    static long sendNanos(ByteBuf content) {
        int start = content.readerIndex();
        int end = content.writerIndex();
        if (end - start < PREFIX.length + 1) {
            return -1;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (content.getByte(start + i) != PREFIX[i]) {
                return -1;
            }
        }
        long value = 0;
        boolean negative = false;
        int i = start + PREFIX.length;
        if (content.getByte(i) == '-') {
            negative = true;
            i++;
        }
        int digits = 0;
        for (; i < end; i++) {
            byte b = content.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            digits++;
        }
        if (digits == 0) {
            return -1;
        }
        return negative ? -value : value;
    }
}

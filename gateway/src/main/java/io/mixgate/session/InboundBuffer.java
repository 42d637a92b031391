package io.mixgate.session;

import java.util.Arrays;

/**
 * The bytes a raw TCP connection sent that its script has not yet cut into packets: reads are
 * appended, complete packets are taken from the front (without moving the rest), and
 * {@code conn:clear_buffer()} empties it. How large it may grow is the caller's check
 * ({@code maxFrameSize}).
 *
 * <p>Not thread-safe: owned by the connection's script lane, which runs one task at a time.
 */
public final class InboundBuffer {
    private static final int KEEP_AT_MOST = 64 * 1024;

    private byte[] bytes = new byte[0];
    private int start;
    private int length;

    /**
     * The buffered bytes in place: {@code length} bytes of {@code array} from {@code offset}. The
     * bytes stay as they are until the next {@link #append} (taking and clearing only move
     * indexes), so a reader that is done before then needs no copy. Read only.
     */
    public record View(byte[] array, int offset, int length) {
    }

    /** Appends a read; {@code data} is copied. */
    public void append(byte[] data) {
        if (start + length + data.length > bytes.length) {
            int needed = length + data.length;
            byte[] target = needed > bytes.length ? new byte[Math.max(needed, (int) Math.min(bytes.length * 2L, Integer.MAX_VALUE - 8))]
                    : bytes;
            System.arraycopy(bytes, start, target, 0, length);
            bytes = target;
            start = 0;
        }
        System.arraycopy(data, 0, bytes, start + length, data.length);
        length += data.length;
    }

    /** Bytes buffered. */
    public int length() {
        return length;
    }

    /** The buffered bytes in place, valid until the next {@link #append}. */
    public View view() {
        return new View(bytes, start, length);
    }

    /**
     * Removes and returns the first {@code n} bytes.
     *
     * @throws IllegalArgumentException unless {@code 0 < n <= length()}
     */
    public byte[] take(int n) {
        if (n <= 0 || n > length) {
            throw new IllegalArgumentException("cannot take " + n + " of " + length + " bytes");
        }
        byte[] packet = Arrays.copyOfRange(bytes, start, start + n);
        start += n;
        length -= n;
        if (length == 0) {
            clear();
        }
        return packet;
    }

    /** Drops everything buffered ({@code conn:clear_buffer()}). */
    public void clear() {
        start = 0;
        length = 0;
        if (bytes.length > KEEP_AT_MOST) {
            bytes = new byte[0]; // a burst does not keep its memory while the connection idles
        }
    }
}

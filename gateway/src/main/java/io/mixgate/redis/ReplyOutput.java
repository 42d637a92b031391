package io.mixgate.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Collects any reply of any command into plain Java values: null, Long, Double, Boolean,
 * String (status replies), byte[] (bulk strings), and nested {@code List}s for arrays. An error
 * inside an array becomes its message as a String; an error at the top fails the command.
 *
 * <p>Not thread-safe: Lettuce fills one output from one event loop, then hands over the result.
 */
final class ReplyOutput extends CommandOutput<byte[], byte[], Object> {
    private final Deque<List<Object>> stack = new ArrayDeque<>();
    private List<Object> current;
    private int depth;

    ReplyOutput() {
        super(ByteArrayCodec.INSTANCE, null);
    }

    @Override
    public void set(ByteBuffer bytes) {
        add(bytes == null ? null : copy(bytes));
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
        add(bytes == null ? null : StandardCharsets.UTF_8.decode(bytes).toString());
    }

    @Override
    public void setBigNumber(ByteBuffer bytes) {
        setSingle(bytes);
    }

    @Override
    public void set(long integer) {
        add(integer);
    }

    @Override
    public void set(double number) {
        add(number);
    }

    @Override
    public void set(boolean value) {
        add(value);
    }

    @Override
    public void setError(ByteBuffer error) {
        if (current == null) {
            super.setError(error);
        } else {
            add(decodeAscii(error));
        }
    }

    @Override
    public void multi(int count) {
        List<Object> list = new ArrayList<>(Math.max(count, 0));
        if (current == null) {
            output = list;
        } else {
            current.add(list);
            stack.push(current);
            depth++;
        }
        current = list;
    }

    @Override
    public void complete(int depth) {
        if (depth > 0 && depth < this.depth) {
            current = stack.pop();
            this.depth--;
        }
    }

    private void add(Object value) {
        if (current == null) {
            output = value;
        } else {
            current.add(value);
        }
    }

    private static byte[] copy(ByteBuffer bytes) {
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }
}

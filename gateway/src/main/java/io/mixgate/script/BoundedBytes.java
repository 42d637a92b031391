package io.mixgate.script;

import java.util.Arrays;
import org.luaj.vm2.LuaString;

/**
 * A byte buffer for a built-in's result that refuses to grow past {@code script.maxStringBytes}
 * ("string too large", a Lua error) and counts the result against the callback's budget.
 *
 * <p>Thread safety: not thread-safe; used by one call of one built-in.
 */
final class BoundedBytes {
    private final CallBudget budget;
    private byte[] bytes = new byte[64];
    private int size;

    BoundedBytes(CallBudget budget) {
        this.budget = budget;
    }

    void add(LuaString s, int from, int to) {
        int n = to - from;
        long wanted = (long) size + n;
        if (wanted > budget.maxStringBytes()) {
            budget.allocate(wanted); // raises "string too large"
        }
        if (wanted > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(budget.maxStringBytes(), Math.max(wanted, 2L * bytes.length)));
        }
        s.copyInto(from, bytes, size, n);
        size += n;
    }

    void addMatch(LuaPattern m, int s, int e) {
        LuaString whole = m.whole(s, e);
        add(whole, 0, whole.length());
    }

    LuaString toLuaString() {
        budget.allocate(size);
        return LuaString.valueUsing(bytes, 0, size);
    }
}

package io.mixgate.script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Guards a recursive walk over Lua tables against cycles and excessive depth, and classifies a
 * table as array or object the way {@link LuaJson} documents it.
 *
 * <p>Thread safety: an instance belongs to a single walk on a single thread.
 */
final class TableWalk {

    /**
     * A table's contents: {@code elements} (in index order) when its keys are exactly
     * {@code 1..n} or it is empty, otherwise {@code fields} keyed by string.
     */
    record Shape(List<LuaValue> elements, Map<String, LuaValue> fields) {
        boolean isArray() {
            return elements != null;
        }
    }

    private final Set<LuaTable> path = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Marks a table as being on the current path; call {@link #leave} when done with it. */
    void enter(LuaTable table, int depth) {
        if (depth >= LuaJson.MAX_DEPTH) {
            throw new IllegalArgumentException("table nested deeper than " + LuaJson.MAX_DEPTH);
        }
        if (!path.add(table)) {
            throw new IllegalArgumentException("table contains itself (cyclic table)");
        }
    }

    void leave(LuaTable table) {
        path.remove(table);
    }

    /** Reads a table's raw contents, ignoring metatables. */
    static Shape shapeOf(LuaTable table) {
        List<LuaValue> keys = new ArrayList<>();
        List<LuaValue> values = new ArrayList<>();
        boolean sequence = true;
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            keys.add(entry.arg1());
            values.add(entry.arg(2));
            sequence &= isPositiveInteger(entry.arg1());
        }
        int count = keys.size();
        if (sequence && keys.stream().allMatch(k -> k.todouble() <= count)) {
            // distinct integers in 1..count: exactly the sequence 1..count
            LuaValue[] elements = new LuaValue[count];
            for (int i = 0; i < count; i++) {
                elements[(int) keys.get(i).todouble() - 1] = values.get(i);
            }
            return new Shape(List.of(elements), null);
        }
        Map<String, LuaValue> fields = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = keyName(keys.get(i));
            if (fields.put(name, values.get(i)) != null) {
                throw new IllegalArgumentException("table has both a number and a string key \"" + name + "\"");
            }
        }
        return new Shape(null, fields);
    }

    private static boolean isPositiveInteger(LuaValue key) {
        if (key.type() != LuaValue.TNUMBER) {
            return false;
        }
        double d = key.todouble();
        return d >= 1 && d == Math.rint(d);
    }

    private static String keyName(LuaValue key) {
        return switch (key.type()) {
            case LuaValue.TSTRING -> LuaText.toJava(key.checkstring());
            case LuaValue.TNUMBER -> GoNumberFormat.format(key.todouble());
            default -> throw new IllegalArgumentException("table key of type " + key.typename() + " (expected: string or number)");
        };
    }
}

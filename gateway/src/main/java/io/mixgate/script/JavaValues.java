package io.mixgate.script;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Converts Lua values to plain Java values and back, for state kept outside a Lua VM (such as
 * per-connection context). The mapping follows {@link LuaJson}'s JSON mapping:
 * <ul>
 *   <li>nil ↔ null, boolean ↔ Boolean;</li>
 *   <li>integral numbers → Long, other numbers → Double; back, any Number whose value is an
 *       integer fitting an int becomes a LuaInteger, others a LuaDouble (longs beyond 2^53
 *       lose precision);</li>
 *   <li>strings ↔ String through UTF-8 (bytes that are not UTF-8 become U+FFFD);
 *       a {@code byte[]} converts to a Lua string of those bytes;</li>
 *   <li>tables with keys exactly 1..n, and empty tables, → {@code List}; other tables →
 *       {@code LinkedHashMap<String,Object>} (number keys become strings) ↔ any Map, whose
 *       keys become strings with {@code String.valueOf}.</li>
 * </ul>
 * Functions, userdata, threads, cyclic tables and nesting deeper than {@link LuaJson#MAX_DEPTH}
 * are rejected with {@link IllegalArgumentException}.
 *
 * <p>Thread safety: stateless; safe from any thread that may touch the Lua values involved.
 */
final class JavaValues {

    private JavaValues() {
    }

    static Object toJava(LuaValue value, int depth) {
        return toJava(value, depth, new TableWalk());
    }

    private static Object toJava(LuaValue value, int depth, TableWalk walk) {
        return switch (value.type()) {
            case LuaValue.TNIL -> null;
            case LuaValue.TBOOLEAN -> value.toboolean();
            case LuaValue.TNUMBER -> number(value.todouble());
            case LuaValue.TSTRING -> LuaText.toJava(value.checkstring());
            case LuaValue.TTABLE -> table((LuaTable) value, depth, walk);
            default -> throw new IllegalArgumentException("cannot convert " + value.typename());
        };
    }

    private static Object number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return (long) d;
        }
        return d;
    }

    private static Object table(LuaTable table, int depth, TableWalk walk) {
        walk.enter(table, depth);
        TableWalk.Shape shape = TableWalk.shapeOf(table);
        Object result;
        if (shape.isArray()) {
            List<Object> list = new ArrayList<>(shape.elements().size());
            for (LuaValue element : shape.elements()) {
                list.add(toJava(element, depth + 1, walk));
            }
            result = list;
        } else {
            Map<String, Object> map = new LinkedHashMap<>();
            shape.fields().forEach((k, v) -> map.put(k, toJava(v, depth + 1, walk)));
            result = map;
        }
        walk.leave(table);
        return result;
    }

    static LuaValue toLua(Object value, int depth) {
        if (depth > LuaJson.MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + LuaJson.MAX_DEPTH);
        }
        return switch (value) {
            case null -> LuaValue.NIL;
            case Boolean b -> LuaValue.valueOf(b);
            case String s -> LuaText.fromJava(s);
            case byte[] bytes -> LuaValue.valueOf(bytes.clone());
            case BigInteger big -> LuaValue.valueOf(big.doubleValue());
            case BigDecimal big -> LuaValue.valueOf(big.doubleValue());
            case Number n -> n instanceof Double || n instanceof Float
                    ? LuaValue.valueOf(n.doubleValue())
                    : LuaValue.valueOf((double) n.longValue()); // valueOf(double) yields LuaInteger when it fits
            case Map<?, ?> map -> {
                LuaTable table = new LuaTable();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    table.rawset(LuaText.fromJava(String.valueOf(e.getKey())), toLua(e.getValue(), depth + 1));
                }
                yield table;
            }
            case Collection<?> list -> {
                LuaTable table = new LuaTable();
                int index = 0;
                for (Object element : list) {
                    index++;
                    LuaValue v = toLua(element, depth + 1);
                    if (!v.isnil()) {
                        table.rawset(index, v);
                    }
                }
                yield table;
            }
            default -> throw new IllegalArgumentException("cannot convert " + value.getClass().getName() + " to Lua");
        };
    }
}

package io.mixgate.script;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The project's only converter between Lua values and JSON text, following the rules of
 * gopher-json ({@code layeh.com/gopher-json}), which CONNMIX scripts were written against.
 *
 * <p>Encoding ({@link #encode}):
 * <ul>
 *   <li>{@code nil} → {@code null}; booleans and strings as themselves. Lua strings are byte
 *       strings: they are decoded as UTF-8 and invalid bytes become U+FFFD, as Go does.</li>
 *   <li>Numbers are written the way Go's {@code encoding/json} writes a {@code float64}:
 *       integral values without a fraction ({@code 1001}, not {@code 1001.0}), plain decimals
 *       between 1e-6 and 1e21, exponent form outside. NaN and infinities are rejected.</li>
 *   <li>A table whose keys are exactly {@code 1..n} becomes an array. <b>An empty table becomes
 *       {@code []}</b>, as in gopher-json. Any other table becomes an object; string keys are
 *       kept, number keys are written as their JSON number text (gopher-json rejects those, we
 *       accept them), keys are sorted as Go sorts map keys. Other key types are rejected.</li>
 *   <li>Functions, userdata and threads, cyclic tables and nesting deeper than
 *       {@value #MAX_DEPTH} are rejected with {@link IllegalArgumentException}.</li>
 * </ul>
 * Unlike Go, {@code <}, {@code >} and {@code &} are not escaped: the output is the same JSON value.
 *
 * <p>Decoding ({@link #decode}): objects become tables, arrays become 1-based tables (a
 * {@code null} element leaves a hole at its index), {@code null} becomes {@code nil} and is
 * therefore absent from its table, strings become UTF-8 byte strings. Numbers become Lua
 * numbers; integral values that fit an {@code int} are {@code LuaInteger}s so that
 * {@code string.format("%d", v)} and {@code tostring(v)} print them without a fraction. Lua
 * numbers are doubles, so integers beyond 2^53 lose precision: ids that large (such as
 * CONNMIX client ids) must travel as JSON strings. Trailing data after the value and nesting
 * deeper than {@value #MAX_DEPTH} are rejected.
 *
 * <p>{@link #toJava} and {@link #toLua} convert to and from plain Java values for storage
 * outside a Lua VM, with the same mapping as JSON (integral numbers become {@code Long}).
 *
 * <p>Thread safety: all methods are stateless and safe to call from any thread, but a Lua
 * value must only be used by the thread that currently owns its VM.
 */
public final class LuaJson {

    /** Deepest nesting of tables or JSON containers accepted in either direction. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private LuaJson() {
    }

    /**
     * Encodes a Lua value as compact JSON text.
     *
     * @throws IllegalArgumentException if the value, or anything inside it, cannot be encoded
     */
    public static String encode(LuaValue value) {
        return encode(value, null);
    }

    /**
     * Encodes within a callback's budget: each value written is a step of work, and text over
     * {@code script.maxStringBytes} raises a {@code LuaError} ("string too large") as it is written.
     *
     * @param budget null for no bound
     */
    static String encode(LuaValue value, CallBudget budget) {
        Writer out = budget == null ? new StringWriter() : new BoundedWriter(budget.maxStringBytes());
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            new Encoder(generator, budget).write(value, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // neither writer fails
        }
        String text = out.toString();
        if (budget != null) {
            budget.allocate(text.length());
        }
        return text;
    }

    /**
     * Decodes one JSON value.
     *
     * @return the Lua value; {@code LuaValue.NIL} for JSON {@code null}
     * @throws IllegalArgumentException with a short message if the text is not a single JSON value
     */
    public static LuaValue decode(String json) {
        return decode(json, null);
    }

    /**
     * Decodes within a callback's budget: each JSON value read is a step of work.
     *
     * @param budget null for no bound
     */
    static LuaValue decode(String json, CallBudget budget) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("unexpected end of JSON input");
            }
            LuaValue value = read(parser, 0, budget);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("invalid character after top-level value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(withoutLocation(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Converts a Lua value to plain Java values (String, Long, Double, Boolean, null,
     * {@code LinkedHashMap<String,Object>}, {@code List<Object>}).
     *
     * @throws IllegalArgumentException for functions, userdata, threads, cycles or deep nesting
     */
    public static Object toJava(LuaValue value) {
        return JavaValues.toJava(value, 0);
    }

    /**
     * Converts plain Java values, as produced by {@link #toJava}, back to a Lua value.
     *
     * @throws IllegalArgumentException for any other Java type
     */
    public static LuaValue toLua(Object value) {
        return JavaValues.toLua(value, 0);
    }

    /** Jackson appends "(start marker at [Source: ...; line: 1, column: 1])" to some messages. */
    private static String withoutLocation(String message) {
        int marker = message.indexOf(" (start marker at");
        return marker < 0 ? message : message.substring(0, marker);
    }

    private static LuaValue read(JsonParser parser, int depth, CallBudget budget) throws IOException {
        if (budget != null) {
            budget.work(1);
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                if (depth >= MAX_DEPTH) {
                    throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH);
                }
                return token == JsonToken.START_OBJECT
                        ? readObject(parser, depth + 1, budget)
                        : readArray(parser, depth + 1, budget);
            }
            case VALUE_STRING -> {
                return LuaText.fromJava(parser.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double d = parser.getDoubleValue();
                if (Double.isInfinite(d)) {
                    throw new IllegalArgumentException("number " + parser.getText() + " out of range");
                }
                return LuaValue.valueOf(d); // integral values that fit an int become LuaInteger
            }
            case VALUE_TRUE -> {
                return LuaValue.TRUE;
            }
            case VALUE_FALSE -> {
                return LuaValue.FALSE;
            }
            case VALUE_NULL -> {
                return LuaValue.NIL;
            }
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        }
    }

    private static LuaTable readObject(JsonParser parser, int depth, CallBudget budget) throws IOException {
        LuaTable table = new LuaTable();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            LuaString key = LuaText.fromJava(parser.currentName());
            parser.nextToken();
            table.rawset(key, read(parser, depth, budget));
        }
        return table;
    }

    private static LuaTable readArray(JsonParser parser, int depth, CallBudget budget) throws IOException {
        LuaTable table = new LuaTable();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            index++;
            LuaValue element = read(parser, depth, budget);
            if (!element.isnil()) {
                table.rawset(index, element);
            }
        }
        return table;
    }

    /** Writes one value tree; tracks the tables on the current path to detect cycles. */
    private static final class Encoder {
        private final JsonGenerator generator;
        private final TableWalk walk = new TableWalk();
        private final CallBudget budget;

        Encoder(JsonGenerator generator, CallBudget budget) {
            this.generator = generator;
            this.budget = budget;
        }

        void write(LuaValue value, int depth) throws IOException {
            if (budget != null) {
                budget.work(1);
            }
            switch (value.type()) {
                case LuaValue.TNIL -> generator.writeNull();
                case LuaValue.TBOOLEAN -> generator.writeBoolean(value.toboolean());
                case LuaValue.TNUMBER -> generator.writeNumber(GoNumberFormat.format(value.todouble()));
                case LuaValue.TSTRING -> generator.writeString(LuaText.toJava(value.checkstring()));
                case LuaValue.TTABLE -> writeTable((LuaTable) value, depth);
                default -> throw new IllegalArgumentException("cannot encode " + value.typename() + " to JSON");
            }
        }

        private void writeTable(LuaTable table, int depth) throws IOException {
            walk.enter(table, depth);
            TableWalk.Shape shape = TableWalk.shapeOf(table);
            if (shape.isArray()) {
                generator.writeStartArray();
                for (LuaValue element : shape.elements()) {
                    write(element, depth + 1);
                }
                generator.writeEndArray();
            } else {
                Map<String, LuaValue> sorted = new TreeMap<>(shape.fields());
                generator.writeStartObject();
                for (Map.Entry<String, LuaValue> field : sorted.entrySet()) {
                    generator.writeFieldName(field.getKey());
                    write(field.getValue(), depth + 1);
                }
                generator.writeEndObject();
            }
            walk.leave(table);
        }
    }

    /** Collects text up to a limit and raises "string too large" past it, before growing further. */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final long max;

        BoundedWriter(long max) {
            this.max = max;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            if ((long) text.length() + len > max) {
                throw new org.luaj.vm2.LuaError(CallBudget.tooLarge((long) text.length() + len, max));
            }
            text.append(chars, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            if ((long) text.length() + len > max) {
                throw new org.luaj.vm2.LuaError(CallBudget.tooLarge((long) text.length() + len, max));
            }
            text.append(s, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}

package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code mix.php_pack} and {@code mix.php_unpack} against the bytes and arrays PHP's own
 * {@code pack()}/{@code unpack()} made: src/test/resources/php-pack/fixtures.json, written by
 * make-fixtures.php there (the command is in its header; CI needs no PHP).
 */
class PhpPackFixturesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long EXACT = 1L << 53;

    private final CallBudget budget = new CallBudget(2_000_000_000L, 1 << 20, 4 << 20);
    private final LuaTable mix = new LuaTable();

    PhpPackFixturesTest() {
        MixPhpPackLib.install(mix, budget);
    }

    private static JsonNode fixtures() throws Exception {
        try (InputStream in = PhpPackFixturesTest.class.getResourceAsStream("/php-pack/fixtures.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void fixturesCoverEveryFormatCode() throws Exception {
        StringBuilder formats = new StringBuilder();
        for (JsonNode c : fixtures().get("cases")) {
            formats.append(c.path("pack").asText()).append(c.path("unpack").asText());
        }
        for (char code : "aAhHcCsSnviIlLNVqQJPfgGdeExXZ@*".toCharArray()) {
            assertTrue(formats.indexOf(String.valueOf(code)) >= 0, "no fixture uses " + code);
        }
    }

    @TestFactory
    Stream<DynamicTest> packAndUnpackGivePhpsResults() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : fixtures().get("cases")) {
            String name = c.has("pack") ? "pack " + c.get("pack").asText() + " " + c.get("args")
                    : "unpack " + c.get("unpack").asText() + " " + c.get("hex").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> check(c)));
        }
        return tests.stream();
    }

    private void check(JsonNode c) {
        budget.reset(); // each case is a callback of its own: all of them in one would run out of time
        byte[] expected = HEX.parseHex(c.get("hex").asText());
        if (c.has("pack")) {
            List<LuaValue> args = new ArrayList<>();
            args.add(LuaValue.valueOf(c.get("pack").asText()));
            for (JsonNode arg : c.get("args")) {
                args.add(lua(arg));
            }
            Varargs packed = mix.get("php_pack").invoke(LuaValue.varargsOf(args.toArray(new LuaValue[0])));
            assertTrue(packed.arg1().isstring(), "php_pack failed: " + packed.arg(2));
            assertEquals(HEX.formatHex(expected), HEX.formatHex(LuaText.bytes(packed.arg1().checkstring())));
        }
        if (c.has("unpack")) {
            Varargs unpacked = mix.get("php_unpack").invoke(LuaValue.valueOf(c.get("unpack").asText()),
                    LuaValue.valueOf(expected));
            assertTrue(unpacked.arg1().istable(), "php_unpack failed: " + unpacked.arg(2));
            LuaTable table = unpacked.arg1().checktable();
            int entries = 0;
            for (JsonNode entry : c.get("result")) {
                LuaValue key = entry.get(1).asBoolean() ? LuaValue.valueOf(Long.parseLong(entry.get(0).asText()))
                        : LuaValue.valueOf(entry.get(0).asText());
                assertValue(entry.get(0).asText(), entry.get(2), table.get(key));
                entries++;
            }
            assertEquals(entries, count(table), "keys: " + keys(table));
        }
    }

    /** The Lua value a script would pass for a PHP argument. */
    private static LuaValue lua(JsonNode typed) {
        String v = typed.get(1).asText();
        return switch (typed.get(0).asText()) {
            case "int" -> {
                long n = Long.parseLong(v);
                yield n >= -EXACT && n <= EXACT ? LuaValue.valueOf((double) n) : LuaValue.valueOf(v); // exact beyond 2^53
            }
            case "float" -> LuaValue.valueOf(Double.longBitsToDouble(Long.parseUnsignedLong(v, 16)));
            default -> LuaString.valueOf(HEX.parseHex(v));
        };
    }

    private static void assertValue(String key, JsonNode typed, LuaValue actual) {
        String v = typed.get(1).asText();
        switch (typed.get(0).asText()) {
            case "int" -> {
                long n = Long.parseLong(v);
                if (n >= -EXACT && n <= EXACT) {
                    assertEquals(LuaValue.TNUMBER, actual.type(), key + ": " + actual);
                    assertEquals((double) n, actual.todouble(), key);
                } else {
                    assertEquals(LuaValue.TSTRING, actual.type(), key + ": " + actual);
                    assertEquals(v, actual.tojstring(), key);
                }
            }
            case "float" -> {
                assertEquals(LuaValue.TNUMBER, actual.type(), key + ": " + actual);
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(v, 16));
                assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(actual.todouble()), key);
            }
            default -> {
                assertEquals(LuaValue.TSTRING, actual.type(), key + ": " + actual);
                assertEquals(v, HEX.formatHex(LuaText.bytes(actual.checkstring())), key);
            }
        }
    }

    private static int count(LuaTable t) {
        int n = 0;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            n++;
        }
        return n;
    }

    private static String keys(LuaTable t) {
        StringBuilder b = new StringBuilder();
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            b.append(e.arg1().typename()).append(':').append(e.arg1().tojstring()).append(' ');
        }
        return b.toString();
    }
}

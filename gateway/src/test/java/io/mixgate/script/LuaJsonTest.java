package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

class LuaJsonTest {

    private static LuaValue lua(String expression) {
        return TestLua.run("return " + expression).arg1();
    }

    @Test
    void writesNumbersAsGoWritesFloat64() {
        assertEquals("1001", LuaJson.encode(LuaValue.valueOf(1001)));
        assertEquals("1001", LuaJson.encode(LuaDouble.valueOf(1001.0)));
        assertEquals("-7", LuaJson.encode(lua("-7")));
        assertEquals("9007199254740992", LuaJson.encode(lua("2^53")));
        assertEquals("100000000000000000000", LuaJson.encode(lua("1e20")));
        assertEquals("1e+21", LuaJson.encode(lua("1e21")));
        assertEquals("1.5e+300", LuaJson.encode(lua("1.5e300")));
        assertEquals("0.1", LuaJson.encode(lua("0.1")));
        assertEquals("-1.5", LuaJson.encode(lua("-1.5")));
        assertEquals("12345678.5", LuaJson.encode(lua("12345678.5")));
        assertEquals("0.000001", LuaJson.encode(lua("1e-6")));
        assertEquals("1e-7", LuaJson.encode(lua("1e-7")));
        assertEquals("1.25e-10", LuaJson.encode(lua("1.25e-10")));
        assertEquals("0", LuaJson.encode(lua("0")));
    }

    @Test
    void rejectsNanAndInfinity() {
        assertEquals("cannot encode nan to JSON",
                assertThrows(IllegalArgumentException.class, () -> LuaJson.encode(lua("0/0"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LuaJson.encode(lua("1/0")));
        assertThrows(IllegalArgumentException.class, () -> LuaJson.encode(lua("{x = -1/0}")));
    }

    @Test
    void writesScalarsAndEmptyTableAsArray() {
        assertEquals("null", LuaJson.encode(LuaValue.NIL));
        assertEquals("true", LuaJson.encode(LuaValue.TRUE));
        assertEquals("\"a\\\"b\\n\"", LuaJson.encode(LuaValue.valueOf("a\"b\n")));
        assertEquals("[]", LuaJson.encode(new LuaTable()));
    }

    @Test
    void writesSequencesAsArraysAndOtherTablesAsObjectsWithSortedKeys() {
        assertEquals("{\"a\":[1,2,[]],\"b\":{\"c\":true},\"z\":\"x\"}",
                LuaJson.encode(lua("{z = 'x', b = {c = true}, a = {1, 2, {}}}")));
        assertEquals("[\"a\",\"b\"]", LuaJson.encode(lua("{[2] = 'b', [1] = 'a'}")));
    }

    @Test
    void writesNumberKeysOfNonSequencesAsStrings() {
        assertEquals("{\"1\":\"a\",\"3\":\"c\"}", LuaJson.encode(lua("{[1] = 'a', [3] = 'c'}")));
        assertEquals("{\"0\":\"z\"}", LuaJson.encode(lua("{[0] = 'z'}")));
        assertEquals("{\"1\":\"a\",\"x\":1}", LuaJson.encode(lua("{'a', x = 1}")));
        assertEquals("{\"1.5\":true}", LuaJson.encode(lua("{[1.5] = true}")));
    }

    @Test
    void decodesLuaStringBytesAsUtf8ReplacingInvalidBytes() {
        LuaString bytes = LuaString.valueOf(new byte[] {'h', (byte) 0xff, 'i'});
        assertEquals("\"h\uFFFDi\"", LuaJson.encode(bytes));
        assertEquals("\"h\u00e9\u4e16\"", LuaJson.encode(LuaValue.valueOf("h\u00e9\u4e16")));
    }

    @Test
    void rejectsValuesJsonCannotHold() {
        assertEquals("cannot encode function to JSON",
                assertThrows(IllegalArgumentException.class, () -> LuaJson.encode(lua("{f = print}"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LuaJson.encode(lua("{[true] = 1}")))
                .getMessage().contains("boolean"));
        assertThrows(IllegalArgumentException.class, () -> LuaJson.encode(lua("{[1] = 'a', ['1'] = 'b', x = 2}")));
    }

    @Test
    void rejectsCyclicTablesButAcceptsSharedOnes() {
        LuaValue cyclic = TestLua.run("local t = {} t.self = t return t").arg1();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LuaJson.encode(cyclic))
                .getMessage().contains("cyclic"));
        assertEquals("[[1],[1]]", LuaJson.encode(TestLua.run("local t = {1} return {t, t}").arg1()));
    }

    @Test
    void limitsTableNestingTo64() {
        assertEquals("[".repeat(64) + "]".repeat(64), LuaJson.encode(nested(64)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LuaJson.encode(nested(65)))
                .getMessage().contains("deeper than 64"));
    }

    private static LuaTable nested(int depth) {
        LuaTable table = new LuaTable();
        for (int i = 1; i < depth; i++) {
            LuaTable outer = new LuaTable();
            outer.rawset(1, table);
            table = outer;
        }
        return table;
    }

    @Test
    void decodesObjectsArraysAndScalars() {
        LuaValue v = LuaJson.decode("{\"a\":[1,\"two\",true,{\"b\":null}],\"s\":\"h\u00e9\",\"f\":1.5}");
        assertEquals(4, v.get("a").length());
        assertEquals(LuaValue.valueOf("two"), v.get("a").get(2));
        assertEquals(LuaValue.TRUE, v.get("a").get(3));
        assertTrue(v.get("a").get(4).get("b").isnil());
        assertTrue(v.get("a").get(4).istable());
        assertEquals(LuaString.valueOf("h\u00e9"), v.get("s"));
        assertEquals(1.5, v.get("f").todouble());
        assertEquals(LuaValue.valueOf(7), LuaJson.decode(" 7 "));
        assertTrue(LuaJson.decode("null").isnil());
    }

    @Test
    void leavesNullsOutOfTables() {
        LuaValue object = LuaJson.decode("{\"gone\":null}");
        assertTrue(object.next(LuaValue.NIL).arg1().isnil(), "null members are absent");
        LuaValue array = LuaJson.decode("[1,null,3]");
        assertTrue(array.get(2).isnil());
        assertEquals(LuaValue.valueOf(3), array.get(3));
    }

    @Test
    void decodesIntegersThatFitAnIntAsLuaIntegers() {
        assertInstanceOf(LuaInteger.class, LuaJson.decode("1001"));
        assertInstanceOf(LuaInteger.class, LuaJson.decode("-2147483648"));
        assertInstanceOf(LuaDouble.class, LuaJson.decode("2147483648"));
        assertEquals(2147483648.0, LuaJson.decode("2147483648").todouble());
    }

    @Test
    void losesPrecisionOnIntegersBeyondTwoToThe53() {
        LuaValue big = LuaJson.decode("9007199254740993");
        assertEquals(9007199254740992.0, big.todouble(), "Lua numbers are doubles");
        assertNotEquals("9007199254740993", LuaJson.encode(big));
    }

    @Test
    void rejectsMalformedJsonWithShortMessages() {
        for (String bad : List.of("{\"a\":", "[1,2", "nul", "{'a':1}", "[1,]", "", "01")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LuaJson.decode(bad), bad);
            assertFalse(e.getMessage().contains("Source"), e.getMessage());
            assertFalse(e.getMessage().contains("line:"), e.getMessage());
        }
    }

    @Test
    void rejectsNumbersBeyondDoubleRange() {
        assertEquals("number 1e400 out of range",
                assertThrows(IllegalArgumentException.class, () -> LuaJson.decode("[1e400]")).getMessage());
    }

    @Test
    void rejectsTrailingData() {
        assertThrows(IllegalArgumentException.class, () -> LuaJson.decode("{} x"));
        assertThrows(IllegalArgumentException.class, () -> LuaJson.decode("1 2"));
        assertThrows(IllegalArgumentException.class, () -> LuaJson.decode("{}{}"));
    }

    @Test
    void limitsJsonNestingTo64() {
        assertEquals(1, LuaJson.decode("[".repeat(64) + "]".repeat(64)).length());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LuaJson.decode("[".repeat(65) + "]".repeat(65))).getMessage().contains("deeper than 64"));
    }

    @Test
    void roundTripsNestedTables() {
        String json = "{\"list\":[1,2.5,\"x\",[true,false]],\"map\":{\"k\":{\"deep\":\"v\"}},\"n\":-3}";
        assertEquals(json, LuaJson.encode(LuaJson.decode(json)));
    }

    @Test
    void convertsLuaValuesToPlainJava() {
        Object java = LuaJson.toJava(lua("{n = 5, f = 1.5, s = 'x', b = false, l = {1, 'two'}, e = {}, big = 2^40}"));
        Map<?, ?> map = assertInstanceOf(Map.class, java);
        assertEquals(5L, map.get("n"));
        assertEquals(1.5, map.get("f"));
        assertEquals("x", map.get("s"));
        assertEquals(false, map.get("b"));
        assertEquals(List.of(1L, "two"), map.get("l"));
        assertEquals(List.of(), map.get("e"));
        assertEquals(1L << 40, map.get("big"));
        assertEquals(null, LuaJson.toJava(LuaValue.NIL));
        assertEquals(Map.of("1", "a", "3", "c"), LuaJson.toJava(lua("{[1] = 'a', [3] = 'c'}")));
    }

    @Test
    void refusesToConvertFunctionsToJava() {
        assertThrows(IllegalArgumentException.class, () -> LuaJson.toJava(lua("print")));
        assertThrows(IllegalArgumentException.class, () -> LuaJson.toJava(lua("{cb = function() end}")));
        assertThrows(IllegalArgumentException.class,
                () -> LuaJson.toJava(TestLua.run("local t = {} t[1] = t return t").arg1()));
    }

    @Test
    void convertsPlainJavaToLua() {
        assertInstanceOf(LuaInteger.class, LuaJson.toLua(5L));
        assertInstanceOf(LuaInteger.class, LuaJson.toLua(7));
        assertInstanceOf(LuaInteger.class, LuaJson.toLua(2.0));
        assertEquals(1099511627776.0, LuaJson.toLua(1L << 40).todouble());
        assertEquals(LuaValue.valueOf(1.5), LuaJson.toLua(1.5));
        assertEquals(LuaValue.valueOf("h\u00e9"), LuaJson.toLua("h\u00e9"));
        assertTrue(LuaJson.toLua(null).isnil());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("list", List.of(1L, "b"));
        map.put("flag", true);
        LuaValue table = LuaJson.toLua(map);
        assertEquals(LuaValue.valueOf("b"), table.get("list").get(2));
        assertEquals(LuaValue.TRUE, table.get("flag"));
        assertEquals(map, LuaJson.toJava(table));
        assertThrows(IllegalArgumentException.class, () -> LuaJson.toLua(new Object()));
    }

    @Test
    void decodedIntegersFormatWithPercentD() {
        LuaValue result = TestLua.run("""
                local data = mix.json_decode('{"uid":1001}')
                return string.format("%d@%s", data.uid, "balance"), tostring(data.uid), data.uid .. ""
                """).arg1();
        assertEquals("1001@balance", result.tojstring());
        assertEquals("1001", TestLua.run("return tostring(mix.json_decode('{\"uid\":1001}').uid)").arg1().tojstring());
        assertEquals("1001", TestLua.run("return mix.json_decode('{\"uid\":1001.0}').uid .. ''").arg1().tojstring());
    }
}

package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Varargs;

class Lua51CompatTest {

    private static String eval(String expression) {
        return TestLua.run("return " + expression).arg1().tojstring();
    }

    @Test
    void tableGetnReturnsLength() {
        assertEquals("3", eval("table.getn({1, 2, 3})"));
        assertEquals("0", eval("table.getn({})"));
        assertThrows(LuaError.class, () -> TestLua.run("return table.getn('x')"));
    }

    @Test
    void unpackIsGlobal() {
        Varargs values = TestLua.run("return unpack({1, 'b', 3})");
        assertEquals(3, values.narg());
        assertEquals("b", values.arg(2).tojstring());
        assertEquals("2 3", eval("(function(a, b) return a .. ' ' .. b end)(unpack({1, 2, 3}, 2))"));
    }

    @Test
    void tableMaxnFindsLargestNumberKey() {
        assertEquals("10", eval("table.maxn({1, 2, [10] = 'x', y = 'z'})"));
        assertEquals("0", eval("table.maxn({a = 1})"));
        assertEquals("2.5", eval("table.maxn({[2.5] = true, [-7] = true})"));
    }

    @Test
    void loadstringCompilesStringsAndReportsSyntaxErrors() {
        assertEquals("3", eval("loadstring('return 1 + 2')()"));
        Varargs failed = TestLua.run("return loadstring('x = = 1')");
        assertTrue(failed.arg1().isnil());
        assertTrue(failed.arg(2).tojstring().contains("x = = 1"), failed.arg(2).tojstring());
        assertThrows(LuaError.class, () -> TestLua.run("return loadstring(function() end)"));
    }

    @Test
    void mathModAndStringGfindAreAliases() {
        assertEquals("1", eval("math.mod(7, 3)"));
        assertEquals("-1", eval("math.mod(-7, 3)"));
        assertEquals("2", eval("math.log10(100)"));
        assertEquals("a,b,c", eval("(function() local t = {} for w in string.gfind('a b c', '%a') do t[#t + 1] = w end return table.concat(t, ',') end)()"));
    }

    @Test
    void leavesFunctionEnvironmentsOut() {
        assertEquals("nil nil", eval("type(setfenv) == 'nil' and 'nil nil' or 'present'"));
        assertTrue(TestLua.run("return getfenv").arg1().isnil());
    }
}

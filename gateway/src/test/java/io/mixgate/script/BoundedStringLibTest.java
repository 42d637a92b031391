package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The bounded string and table functions give LuaJ's results on ordinary input and stop on hostile input. */
class BoundedStringLibTest {
    private static final List<String[]> CASES = List.of(
            new String[] {"hello world", "o w"}, new String[] {"hello world", "l+"}, new String[] {"hello", "^h(.)"},
            new String[] {"hello", "(l)(l)"}, new String[] {"key = value", "(%w+)%s*=%s*(%w+)"},
            new String[] {"a.b.c", "%."}, new String[] {"abc", "[a-b]+"}, new String[] {"abc", "[^a]+"},
            new String[] {"THE (quick) fox", "%((%a+)%)"}, new String[] {"f(a(b)c)d", "%b()"},
            new String[] {"  trim  ", "^%s*(.-)%s*$"},
            new String[] {"abcabc", "()b()"}, new String[] {"aaa", "a-b"}, new String[] {"aaab", "a-b"},
            new String[] {"x=1, y=2", "(%w+)=(%w+)"}, new String[] {"hello", "(h)(e)%2?"}, new String[] {"abab", "(ab)%1"},
            new String[] {"", ""}, new String[] {"abc", ""}, new String[] {"abc", "$"}, new String[] {"a$c", "$c"},
            new String[] {"]x", "[]]"}, new String[] {"a-b", "[a%-]+"}, new String[] {"0x1F", "%x+$"},
            new String[] {"a\0b", "%z"}, new String[] {"one two", "%S+"});

    private final Globals luaj = JsePlatform.standardGlobals();
    private final CallBudget budget = new CallBudget(2_000_000_000L, 1 << 20, 4 << 20);
    private final LuaTable bounded = boundedStrings();

    private LuaTable boundedStrings() {
        LuaTable copy = new LuaTable();
        LuaTable original = luaj.get("string").checktable();
        for (Varargs e = original.next(LuaValue.NIL); !e.arg1().isnil(); e = original.next(e.arg1())) {
            copy.set(e.arg1(), e.arg(2));
        }
        BoundedStringLib.install(copy, budget);
        budget.reset();
        return copy;
    }

    private String all(LuaTable strings, String fn, LuaValue... args) {
        Varargs out;
        try {
            out = strings.get(fn).invoke(LuaValue.varargsOf(args));
        } catch (ArrayIndexOutOfBoundsException e) {
            // LuaJ's matcher indexes its class table with -1 at the end of some subjects
            // (e.g. "[]]" or "%f[%a]" at the end): compare with what Lua 5.1 gives instead
            return "luaj-bug";
        }
        return out.tojstring() + "/" + out.narg() + describe(out);
    }

    private static String describe(Varargs v) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= v.narg(); i++) {
            b.append('|').append(v.arg(i).typename()).append(':').append(v.arg(i).tojstring());
        }
        return b.toString();
    }

    @Test
    void findMatchAndGsubAgreeWithLuajOnOrdinaryPatterns() {
        LuaTable original = luaj.get("string").checktable();
        for (String[] c : CASES) {
            LuaValue s = LuaValue.valueOf(c[0]);
            LuaValue p = LuaValue.valueOf(c[1]);
            String why = c[0] + " ~ " + c[1];
            same("find " + why, original, "find", s, p);
            same("match " + why, original, "match", s, p);
            same("match@2 " + why, original, "match", s, p, LuaValue.valueOf(2));
            same("gsub " + why, original, "gsub", s, p, LuaValue.valueOf("<%0>"));
            assertEquals(all(original, "gsub", s, p, LuaValue.valueOf("#"), LuaValue.valueOf(1)),
                    all(bounded, "gsub", s, p, LuaValue.valueOf("#"), LuaValue.valueOf(1)), "gsub once " + why);
        }
    }

    @Test
    void frontierPatternsFollowLua51WhereLuajDoesNot() {
        // LuaJ 3.0.1 crashes or finds nothing here; Lua 5.1 gives these
        LuaValue s = LuaValue.valueOf("THE (quick) fox");
        LuaValue p = LuaValue.valueOf("%f[%a]%a+");
        assertEquals("THE", bounded.get("match").call(s, p).tojstring());
        assertEquals("quick", bounded.get("match").call(s, p, LuaValue.valueOf(2)).tojstring());
        assertEquals("[THE] ([quick]) [fox]", bounded.get("gsub").call(s, p, LuaValue.valueOf("[%0]")).tojstring());
    }

    /** LuaJ's result and ours for {@code fn(args)}, unless LuaJ itself crashes on them. */
    private void same(String why, LuaTable original, String fn, LuaValue... args) {
        String expected = all(original, fn, args);
        String actual = all(bounded, fn, args);
        if (expected.equals("luaj-bug")) {
            System.out.println("LuaJ fails on " + why + "; ours gives " + actual);
        } else {
            assertEquals(expected, actual, why);
        }
    }

    @Test
    void gmatchGsubWithTablesAndFunctionsAndPlainFindAgree() throws Exception {
        String script = """
                local s = ...
                local out = {}
                for k, v in s.gmatch("a=1, b=22, c=333", "(%w+)=(%w+)") do out[#out+1] = k .. v end
                for w in s.gmatch("one two  three", "%a+") do out[#out+1] = w end
                out[#out+1] = (s.gsub("hello world", "%w+", {hello = "HI"}))
                out[#out+1] = (s.gsub("hello world", "(%w+)", function(w) return #w > 4 and w:upper() or nil end))
                out[#out+1] = (s.gsub("abc", "", "-"))
                out[#out+1] = (s.gsub("a.b", ".", "%%"))
                out[#out+1] = table.concat({s.find("a.b.c", ".", 2, true)}, ",")
                out[#out+1] = tostring(s.find("abc", "c", -1))
                out[#out+1] = s.rep("ab", 3) .. s.rep("x", 0) .. s.format("%5.2f|%-3d|%q", 3.14159, 7, "a\\nb")
                return table.concat(out, ";")
                """;
        LuaValue chunk = luaj.load(script, "t");
        assertEquals(chunk.call(luaj.get("string")).tojstring(), chunk.call(bounded).tojstring());
    }

    @Test
    void backtrackingBombIsStoppedByTheTimeBudget() {
        CallBudget tight = new CallBudget(50_000_000L, 1 << 20, 4 << 20);
        LuaTable strings = new LuaTable();
        BoundedStringLib.install(copyOf(strings), tight);
        tight.reset();
        LuaValue s = LuaValue.valueOf("a".repeat(30) + "b");
        LuaValue p = LuaValue.valueOf("a?".repeat(30) + "a".repeat(30));
        long started = System.nanoTime();
        assertThrows(InstructionBudget.BudgetExceeded.class, () -> bounded(strings, tight).get("find").invoke(s, p));
        assertTrue(System.nanoTime() - started < 2_000_000_000L, "aborted near the 50 ms budget");
    }

    private LuaTable copyOf(LuaTable into) {
        return into;
    }

    private LuaTable bounded(LuaTable into, CallBudget b) {
        LuaTable original = luaj.get("string").checktable();
        for (Varargs e = original.next(LuaValue.NIL); !e.arg1().isnil(); e = original.next(e.arg1())) {
            into.set(e.arg1(), e.arg(2));
        }
        BoundedStringLib.install(into, b);
        return into;
    }

    @Test
    void oversizeResultsAreCatchableLuaErrors() {
        LuaError e = assertThrows(LuaError.class,
                () -> bounded.get("rep").call(LuaValue.valueOf("ab"), LuaValue.valueOf(Integer.MAX_VALUE)));
        assertEquals("string too large: 4294967294 bytes (script.maxStringBytes 1048576)", e.getMessage());
        e = assertThrows(LuaError.class, () -> bounded.get("format").call(LuaValue.valueOf("%099999999d"), LuaValue.valueOf(1)));
        assertTrue(e.getMessage().contains("width or precision too long"), e.getMessage());
        e = assertThrows(LuaError.class, () -> bounded.get("gsub").call(LuaValue.valueOf("x".repeat(1000)), LuaValue.valueOf("x"),
                LuaValue.valueOf("y".repeat(2000))));
        assertTrue(e.getMessage().startsWith("string too large"), e.getMessage());
    }
}

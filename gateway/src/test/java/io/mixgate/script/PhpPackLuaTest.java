package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.ScriptConfig;
import io.mixgate.http.JdkScriptHttpClient;
import io.mixgate.core.MeshOperations;
import io.mixgate.pubsub.SubscriptionIndex;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Varargs;

/** {@code mix.php_pack}/{@code mix.php_unpack} called from Lua in the sandboxed VM the node builds. */
class PhpPackLuaTest {
    private static final long SMALL_STRING = 4096;
    private static final long SMALL_CALLBACK = 10_000;

    private InstructionBudget budget;

    private Globals vm(long maxStringBytes, long maxCallbackBytes) throws Exception {
        ScriptServices services = new ScriptServices(new SubscriptionIndex(), (MeshOperations) null,
                new JdkScriptHttpClient(HttpClient.newHttpClient()), Duration.ofSeconds(1), Map.of(), 10, name -> null);
        LuaGlobalsFactory factory = new LuaGlobalsFactory(services, new ScriptConfig(1, Duration.ofSeconds(1),
                10_000_000, 10, Duration.ofSeconds(30), maxStringBytes, maxCallbackBytes, Duration.ofSeconds(5)));
        ScriptBundle bundle = ScriptBundle.compile(new ScriptSources(
                Map.of("entry.lua", "x = 1\n".getBytes(StandardCharsets.UTF_8)), "-"), "entry.lua", "");
        budget = factory.newBudget();
        return factory.create(new CallScope("test", budget.callBudget()), bundle, budget);
    }

    /** Runs {@code lua} as one callback with a fresh budget. */
    private Varargs run(Globals vm, String lua) {
        budget.reset();
        return vm.load(lua, "test.lua").invoke();
    }

    private Varargs run(String lua) throws Exception {
        return run(vm(ScriptConfig.DEFAULT_MAX_STRING_BYTES, ScriptConfig.DEFAULT_MAX_CALLBACK_BYTES), lua);
    }

    /** The error of a call that must return {@code nil, err}. */
    private String error(String call) throws Exception {
        Varargs r = run("return " + call);
        assertTrue(r.arg1().isnil(), call + " returned " + r.arg1());
        return r.arg(2).tojstring();
    }

    @Test
    void packsAHeaderAndUnpacksItByName() throws Exception {
        Varargs r = run("""
                local s = mix.php_pack("nNa*", 7, 5, "hello")
                local t = mix.php_unpack("ntype/Nlen/a*body", s)
                return #s, t.type, t.len, t.body, mix.php_unpack("C*", "\\1\\2\\3")[3], mix.php_unpack("c2x", "\\255\\1").x2
                """);
        assertEquals(11, r.arg(1).toint());
        assertEquals(7, r.arg(2).toint());
        assertEquals(5, r.arg(3).toint());
        assertEquals("hello", r.arg(4).tojstring());
        assertEquals(3, r.arg(5).toint(), "a code without a name gives numeric keys");
        assertEquals(1, r.arg(6).toint());
    }

    @Test
    void unpackStartsAtAnOffset() throws Exception {
        assertEquals(2, run("return mix.php_unpack('C', '\\1\\2', 1)[1]").arg1().toint());
        assertEquals("offset 3 is out of input range (0..2)", error("mix.php_unpack('C', '\\1\\2', 3)"));
        assertEquals("offset -1 is out of input range (0..2)", error("mix.php_unpack('C', '\\1\\2', -1)"));
    }

    @Test
    void sixtyFourBitValuesBeyondTwoToThe53AreExactDecimalStrings() throws Exception {
        Varargs r = run("""
                local big = mix.php_unpack("J", "\\0\\32\\0\\0\\0\\0\\0\\1")[1]
                local small = mix.php_unpack("J", "\\0\\32\\0\\0\\0\\0\\0\\0")[1]
                local minus1 = mix.php_unpack("Q", string.rep("\\255", 8))[1]
                return type(big), big, type(small), small, minus1,
                    mix.php_pack("J", big) == "\\0\\32\\0\\0\\0\\0\\0\\1",
                    mix.php_pack("J", "18446744073709551615") == string.rep("\\255", 8),
                    mix.php_pack("J", 2^63) == "\\128\\0\\0\\0\\0\\0\\0\\0"
                """);
        assertEquals("string", r.arg(1).tojstring());
        assertEquals("9007199254740993", r.arg(2).tojstring());
        assertEquals("number", r.arg(3).tojstring());
        assertEquals(9007199254740992.0, r.arg(4).todouble());
        assertEquals(-1, r.arg(5).toint(), "PHP has no unsigned 64-bit integer: Q reads as signed");
        assertEquals("true true true", r.arg(6) + " " + r.arg(7) + " " + r.arg(8));
    }

    @Test
    void badFormatsAndArgumentsReturnPhpsMessages() throws Exception {
        assertEquals("Type y: unknown format code", error("mix.php_pack('Cy', 1)"));
        assertEquals("Type N: too few arguments", error("mix.php_pack('N2', 1)"));
        assertEquals("Type a: not enough arguments", error("mix.php_pack('Ca', 1)"));
        assertEquals("2 arguments unused", error("mix.php_pack('C', 1, 2, 3)"));
        assertEquals("Type X: outside of string", error("mix.php_pack('CX2', 1)"));
        assertEquals("Type x: '*' is not allowed here (PHP ignores it)", error("mix.php_pack('x*')"));
        assertEquals("Type H: illegal hex digit g", error("mix.php_pack('H*', 'fg')"));
        assertEquals("Type H: not enough characters in string", error("mix.php_pack('H4', 'abc')"));
        assertEquals("Type a: integer overflow", error("mix.php_pack('a99999999999', 'x')"));
        assertEquals("Type N: argument 2 is not a number: \"abc\"", error("mix.php_pack('N', 'abc')"));
        assertEquals("Type C: argument 3 is not a number: table", error("mix.php_pack('CC', 1, {})"));
        assertEquals("Type a: argument 2 is not a string: boolean", error("mix.php_pack('a', true)"));
        assertTrue(error("mix.php_pack('N', 0/0)").startsWith("Type N: argument 2 out of the 64-bit range: "));
        assertTrue(error("mix.php_pack('q', -1/0)").startsWith("Type q: argument 2 out of the 64-bit range: "));
        assertTrue(error("mix.php_pack('V', 2^64)").startsWith("Type V: argument 2 out of the 64-bit range: "));
        assertEquals("Type J: argument 2 out of the 64-bit range: 18446744073709551616",
                error("mix.php_pack('J', '18446744073709551616')"));
        assertEquals("Type \\x00: unknown format code", error("mix.php_pack('\\0')"));
    }

    @Test
    void badUnpackInputReturnsPhpsMessages() throws Exception {
        assertEquals("Type N: not enough input, need 4, have 2", error("mix.php_unpack('N', '\\1\\2')"));
        assertEquals("Type a: not enough input, need 4, have 3", error("mix.php_unpack('Cx/a4s', '\\1\\2\\3\\4')"));
        assertEquals("Invalid format type y", error("mix.php_unpack('Ca/yb', '\\1\\2')"));
        assertEquals("Type X: outside of string", error("mix.php_unpack('C/X2', '\\1')"));
        assertEquals("Type @: outside of string", error("mix.php_unpack('@3', '\\1')"));
        assertEquals("Type @: '*' is not allowed here (PHP ignores it)", error("mix.php_unpack('@*', '\\1')"));
        assertEquals("Type C: integer overflow", error("mix.php_unpack('C3000000000', '\\1')"));
        assertThrows(org.luaj.vm2.LuaError.class, () -> run("return mix.php_unpack('C', nil)"),
                "a data argument that is not a string is a programming error, raised as Lua's bad argument");
    }

    @Test
    void outputIsBoundedByMaxStringBytesBeforeItIsAllocated() throws Exception {
        Globals vm = vm(SMALL_STRING, SMALL_CALLBACK);
        assertEquals(4000, run(vm, "return #mix.php_pack('a4000', 'x')").arg1().toint());
        assertError(vm, "mix.php_pack('a2000000000', 'x')", "php_pack: string too large: 2000000000 bytes (script.maxStringBytes 4096)");
        assertError(vm, "mix.php_pack('x2147483647x2147483647')", "php_pack: string too large: 4294967294 bytes (script.maxStringBytes 4096)");
        assertError(vm, "mix.php_pack('@2000000000')", "php_pack: string too large: 2000000000 bytes (script.maxStringBytes 4096)");
        assertError(vm, "mix.php_unpack('H*', string.rep('a', 3000))", "php_unpack: string too large: 6000 bytes (script.maxStringBytes 4096)");
        InstructionBudget.BudgetExceeded e = assertThrows(InstructionBudget.BudgetExceeded.class,
                () -> run(vm, "for i = 1, 3 do mix.php_pack('a4000', 'x') end"));
        assertTrue(e.getMessage().contains("script.maxCallbackBytes"), e.getMessage());
    }

    private void assertError(Globals vm, String call, String expected) {
        Varargs r = run(vm, "return " + call);
        assertTrue(r.arg1().isnil(), call);
        assertEquals(expected, r.arg(2).tojstring());
    }

    @Test
    void unpackReadsAtMostAMillionValues() throws Exception {
        assertEquals("php_unpack: more than 1000000 values",
                error("mix.php_unpack('C*', string.rep('\\1', 1000001))"));
        assertEquals(1_000_000, run("return #mix.php_unpack('C*', string.rep('\\1', 1000000))").arg1().toint());
    }

    @Test
    void negativeZeroPacksAsZeroBecauseLuajNumbersHaveNone() throws Exception {
        assertEquals("true", run("return mix.php_pack('E', -0.0) == string.rep('\\0', 8)").arg1().tojstring());
    }
}

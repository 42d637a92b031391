package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;

class BitLibTest {

    private static String eval(String expression) {
        return TestLua.run("return " + expression).arg1().tojstring();
    }

    @Test
    void tobitNormalisesToSigned32Bits() {
        assertEquals("-1", eval("bit.tobit(0xffffffff)"));
        assertEquals("0", eval("bit.tobit(0x100000000)"));
        assertEquals("-2147483648", eval("bit.tobit(0x80000000)"));
        assertEquals("1", eval("bit.tobit(0x100000001)"));
        assertEquals("2", eval("bit.tobit(1.5)"));
        assertEquals("2", eval("bit.tobit(2.5)"), "ties round to even");
        assertEquals("-1", eval("bit.tobit(-1)"));
        assertEquals("255", eval("bit.tobit('255')"));
    }

    @Test
    void requireBitReturnsTheGlobalTable() {
        assertEquals("true", TestLua.run("local b = require \"bit\"; return b == bit").arg1().tojstring());
        assertEquals("15", TestLua.run("local bit = require(\"bit\"); return bit.bor(0x0c, 0x03)").arg1().tojstring());
    }

    @Test
    void tohexFormatsDigits() {
        assertEquals("ffffffff", eval("bit.tohex(-1)"));
        assertEquals("000000ff", eval("bit.tohex(255)"));
        assertEquals("00FF", eval("bit.tohex(255, -4)"));
        assertEquals("ff", eval("bit.tohex(255, 2)"));
        assertEquals("12345678", eval("bit.tohex(0x12345678, 12)"));
        assertEquals("", eval("bit.tohex(1, 0)"));
    }

    @Test
    void logicalOperationsAreVariadic() {
        assertEquals("-1", eval("bit.bnot(0)"));
        assertEquals("0", eval("bit.band(0xf0, 0x0f)"));
        assertEquals("2", eval("bit.band(0xff, 0x0e, 0x3)"));
        assertEquals("7", eval("bit.bor(1, 2, 4)"));
        assertEquals("6", eval("bit.bxor(1, 2, 5)"));
        assertEquals("-1", eval("bit.bor(0xffffffff)"));
        assertThrows(LuaError.class, () -> TestLua.run("return bit.band()"));
        assertThrows(LuaError.class, () -> TestLua.run("return bit.band(1, {})"));
    }

    @Test
    void shiftsAndRotatesUseSigned32BitResults() {
        assertEquals("256", eval("bit.lshift(1, 8)"));
        assertEquals("-2147483648", eval("bit.lshift(1, 31)"));
        assertEquals("2", eval("bit.lshift(1, 33)"), "count uses its low five bits");
        assertEquals("268435455", eval("bit.rshift(-1, 4)"));
        assertEquals("-1", eval("bit.arshift(-1, 4)"));
        assertEquals("-16", eval("bit.arshift(-256, 4)"));
        assertEquals("0x12345678", "0x" + eval("bit.tohex(bit.rol(0x34567812, 24))"));
        assertEquals("0x78123456", "0x" + eval("bit.tohex(bit.ror(0x12345678, 8))"));
        assertEquals("0x78563412", "0x" + eval("bit.tohex(bit.bswap(0x12345678))"));
    }
}

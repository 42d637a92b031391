package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;

/** mix.hmac_sha256 against the test vectors of RFC 4231 (section 4), keys and data given as bytes. */
class MixHmacLibTest {

    private static String hexOf(String keyHex, String dataHex) {
        Globals g = TestLua.globals();
        MixHmacLib.install((LuaTable) g.get("mix"));
        g.set("key", LuaString.valueUsing(HexFormat.of().parseHex(keyHex)));
        g.set("data", LuaString.valueUsing(HexFormat.of().parseHex(dataHex)));
        return TestLua.run(g, "return mix.hmac_sha256_hex(key, data)").arg1().tojstring();
    }

    private static String ascii(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void matchesRfc4231TestCase1() {
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                hexOf("0b".repeat(20), ascii("Hi There")));
    }

    @Test
    void matchesRfc4231TestCase2KeyShorterThanTheOutput() {
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                hexOf(ascii("Jefe"), ascii("what do ya want for nothing?")));
    }

    @Test
    void matchesRfc4231TestCase3() {
        assertEquals("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                hexOf("aa".repeat(20), "dd".repeat(50)));
    }

    @Test
    void matchesRfc4231TestCase4() {
        assertEquals("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                hexOf("0102030405060708090a0b0c0d0e0f10111213141516171819", "cd".repeat(50)));
    }

    @Test
    void matchesRfc4231TestCase6KeyLongerThanABlock() {
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                hexOf("aa".repeat(131), ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
    }

    @Test
    void matchesRfc4231TestCase7() {
        assertEquals("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                hexOf("aa".repeat(131), ascii("This is a test using a larger than block-size key and a larger t"
                        + "han block-size data. The key needs to be hashed before being used by the HMAC algorithm.")));
    }

    @Test
    void givesRawBytesAndBase64OfTheSameMac() {
        Globals g = TestLua.globals();
        MixHmacLib.install((LuaTable) g.get("mix"));
        String out = TestLua.run(g, "local raw = mix.hmac_sha256('Jefe', 'what do ya want for nothing?')\n"
                + "return #raw .. ' ' .. tostring(mix.base64_encode(raw) == mix.hmac_sha256_base64('Jefe',"
                + " 'what do ya want for nothing?'))").arg1().tojstring();
        assertEquals("32 true", out);
    }

    @Test
    void acceptsAnEmptyKey() {
        // HMAC-SHA256("", "") as computed by any RFC 2104 implementation (e.g. openssl dgst -hmac "")
        assertEquals("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", hexOf("", ""));
    }
}

package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

class MixCodecLibTest {

    private static String eval(String expression) {
        return TestLua.run("return " + expression).arg1().tojstring();
    }

    private static byte[] bytes(LuaValue v) {
        return LuaText.bytes(v.checkstring());
    }

    @Test
    void jsonEncodeReturnsTextOrNilAndError() {
        assertEquals("{\"a\":[1,2],\"b\":\"x\"}", eval("mix.json_encode({a = {1, 2}, b = 'x'})"));
        assertEquals("[]", eval("mix.json_encode({})"));
        Varargs failed = TestLua.run("return mix.json_encode({f = print})");
        assertTrue(failed.arg1().isnil());
        assertEquals("cannot encode function to JSON", failed.arg(2).tojstring());
    }

    @Test
    void jsonDecodeReturnsTableOrNilAndError() {
        assertEquals("v", eval("mix.json_decode('{\"k\":{\"n\":[\"v\"]}}').k.n[1]"));
        Varargs failed = TestLua.run("return mix.json_decode('{\"a\":')");
        assertTrue(failed.arg1().isnil());
        assertTrue(failed.arg(2).isstring());
        assertTrue(failed.arg(2).tojstring().contains("end-of-input"), failed.arg(2).tojstring());
        assertThrows(LuaError.class, () -> TestLua.run("return mix.json_decode({})"));
    }

    @Test
    void jsonRoundTripsNestedTablesInLua() {
        Varargs result = TestLua.run("""
                local t = {name = "n", list = {1, 2.5, {deep = {true}}}, map = {x = "y"}}
                local back = mix.json_decode(mix.json_encode(t))
                return back.name, back.list[2], back.list[3].deep[1], back.map.x, #back.list
                """);
        assertEquals("n", result.arg(1).tojstring());
        assertEquals(2.5, result.arg(2).todouble());
        assertEquals(LuaValue.TRUE, result.arg(3));
        assertEquals("y", result.arg(4).tojstring());
        assertEquals(3, result.arg(5).toint());
    }

    @Test
    void base64EncodesAndDecodesRawBytes() {
        assertEquals("aGk=", eval("mix.base64_encode('hi')"));
        assertEquals("", eval("mix.base64_encode('')"));
        assertEquals("/wA=", eval("mix.base64_encode('\\255\\0')"));
        assertArrayEquals(new byte[] {(byte) 0xff, 0}, bytes(TestLua.run("return mix.base64_decode('/wA=')").arg1()));
        assertEquals("hello", eval("mix.base64_decode('aGVs\\nbG8=')"));
        Varargs failed = TestLua.run("return mix.base64_decode('not base64!')");
        assertTrue(failed.arg1().isnil());
        assertTrue(failed.arg(2).tojstring().startsWith("illegal base64 data"));
    }

    @Test
    void hashesRawBytes() {
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", eval("mix.md5('')"));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", eval("mix.md5('abc')"));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", eval("mix.sha1('abc')"));
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", eval("mix.sha1('')"));
        // one byte 0xff, not the two-byte UTF-8 form of U+00FF
        assertEquals("00594fd4f42ba43fc1ca0427a0576295", eval("mix.md5('\\255')"));
    }

    @Test
    void binaryDigestsAreRawBytes() {
        assertArrayEquals(HexFormat.of().parseHex("900150983cd24fb0d6963f7d28e17f72"),
                bytes(TestLua.run("return mix.md5_bin('abc')").arg1()));
        assertArrayEquals(HexFormat.of().parseHex("a9993e364706816aba3e25717850c26c9cd0d89d"),
                bytes(TestLua.run("return mix.sha1_bin('abc')").arg1()));
        assertEquals(16, TestLua.run("return #mix.md5_bin('x')").arg1().toint());
        assertEquals(20, TestLua.run("return #mix.sha1_bin('x')").arg1().toint());
    }

    @Test
    void strSplitBehavesLikeGoStringsSplit() {
        assertEquals("2 a b", eval("(function(t) return #t .. ' ' .. t[1] .. ' ' .. t[2] end)(mix.str_split('a@b', '@'))"));
        assertEquals("2 [] [balance]", eval("(function(t) return #t .. ' [' .. t[1] .. '] [' .. t[2] .. ']' end)(mix.str_split('@balance', '@'))"));
        assertEquals("1 []", eval("(function(t) return #t .. ' [' .. t[1] .. ']' end)(mix.str_split('', '@'))"));
        assertEquals("3 [a] [] [b]", eval("(function(t) return #t .. ' [' .. t[1] .. '] [' .. t[2] .. '] [' .. t[3] .. ']' end)(mix.str_split('a..b', '.'))"));
        assertEquals("2 [x] [y]", eval("(function(t) return #t .. ' [' .. t[1] .. '] [' .. t[2] .. ']' end)(mix.str_split('x%.y', '%.'))"));
        assertEquals("2 [a] [b]", eval("(function(t) return #t .. ' [' .. t[1] .. '] [' .. t[2] .. ']' end)(mix.str_split('a::b', '::'))"));
    }

    @Test
    void strSplitWithEmptySeparatorSplitsUtf8Characters() {
        Varargs parts = TestLua.run("local t = mix.str_split('h\u00e9\u4e16', '') return #t, t[1], t[2], t[3]");
        assertEquals(3, parts.arg(1).toint());
        assertEquals("h", parts.arg(2).tojstring());
        assertEquals("\u00e9", parts.arg(3).tojstring());
        assertEquals("\u4e16", parts.arg(4).tojstring());
        assertEquals(0, TestLua.run("return #mix.str_split('', '')").arg1().toint());
        assertEquals(2, TestLua.run("return #mix.str_split('\\255a', '')").arg1().toint());
        assertThrows(LuaError.class, () -> TestLua.run("return mix.str_split('a')"));
    }

    @Test
    void parseUrlSplitsRequestUriLikeGo() {
        Varargs url = TestLua.run("""
                local u = mix.parse_url("/chat?token=abc&x=1&x=2&name=a%20b+c")
                return u.path, u.query.token, u.query.x, u.query.name, u.raw_query, u.scheme, u.host, u.token
                """);
        assertEquals("/chat", url.arg(1).tojstring());
        assertEquals("abc", url.arg(2).tojstring());
        assertEquals("1", url.arg(3).tojstring(), "first value of a repeated parameter");
        assertEquals("a b c", url.arg(4).tojstring());
        assertEquals("token=abc&x=1&x=2&name=a%20b+c", url.arg(5).tojstring());
        assertEquals("", url.arg(6).tojstring());
        assertEquals("", url.arg(7).tojstring());
        assertEquals("abc", url.arg(8).tojstring(), "parameters are copied to the top level");
    }

    @Test
    void parseUrlReadsAbsoluteUrls() {
        Varargs url = TestLua.run("""
                local u = mix.url_parse("WS://bob:pw@example.com:8080/a%2Fb/c?q=1#frag%21")
                return u.scheme, u.user, u.host, u.port, u.path, u.raw_path, u.query.q, u.fragment, u.force_query
                """);
        assertEquals("ws", url.arg(1).tojstring());
        assertEquals("bob:pw", url.arg(2).tojstring());
        assertEquals("example.com:8080", url.arg(3).tojstring());
        assertEquals("8080", url.arg(4).tojstring());
        assertEquals("/a/b/c", url.arg(5).tojstring());
        assertEquals("/a%2Fb/c", url.arg(6).tojstring());
        assertEquals("1", url.arg(7).tojstring());
        assertEquals("frag!", url.arg(8).tojstring());
        assertEquals(LuaValue.FALSE, url.arg(9));
        assertEquals("[::1]", eval("mix.parse_url('http://[::1]:80/').host:sub(1, 5)"));
        assertEquals("80", eval("mix.parse_url('http://[::1]:80/').port"));
    }

    @Test
    void parseStrReadsBareQueryStrings() {
        Varargs q = TestLua.run("local u = mix.parse_str('a=1&b=2&path=p') return u.query.a, u.a, u.query.b, u.path, u.query.path");
        assertEquals("1", q.arg(1).tojstring());
        assertEquals("1", q.arg(2).tojstring());
        assertEquals("2", q.arg(3).tojstring());
        assertEquals("", q.arg(4).tojstring(), "URL fields win over parameters at the top level");
        assertEquals("p", q.arg(5).tojstring());
        assertEquals("/chat", eval("mix.parse_str('/chat').path"));
    }

    @Test
    void parseUrlReturnsNilAndGoStyleErrorForMalformedUrls() {
        Varargs bad = TestLua.run("return mix.parse_url('/a%zz')");
        assertTrue(bad.arg1().isnil());
        assertEquals("parse \"/a%zz\": invalid URL escape \"%zz\"", bad.arg(2).tojstring());
        assertEquals("parse \"http://h:x/\": invalid port \":x\" after host",
                TestLua.run("return mix.parse_url('http://h:x/')").arg(2).tojstring());
        assertEquals("parse \":x\": missing protocol scheme",
                TestLua.run("return mix.parse_url(':x')").arg(2).tojstring());
        assertTrue(TestLua.run("return mix.parse_url('/a\\nb')").arg(2).tojstring().contains("control character"));
        assertEquals("", eval("mix.parse_url('/a?x=%zz&y=2').query.x or ''"), "bad pairs are skipped");
        assertEquals("2", eval("mix.parse_url('/a?x=%zz&y=2').query.y"));
    }

    @Test
    void bytesToStringAcceptsStringsAndByteTables() {
        assertEquals("hi", eval("mix.bytes_tostring({104, 105})"));
        assertEquals("hi", eval("mix.bytes_tostring('hi')"));
        assertEquals("", eval("mix.bytes_tostring({})"));
        assertArrayEquals(new byte[] {0, (byte) 255}, bytes(TestLua.run("return mix.bytes_tostring({0, 255})").arg1()));
        assertThrows(LuaError.class, () -> TestLua.run("return mix.bytes_tostring({256})"));
        assertThrows(LuaError.class, () -> TestLua.run("return mix.bytes_tostring({'a'})"));
        assertThrows(LuaError.class, () -> TestLua.run("return mix.bytes_tostring(true)"));
    }

    @Test
    void raisesArgumentErrorsForWrongTypes() {
        LuaError error = assertThrows(LuaError.class, () -> TestLua.run("return mix.md5(nil)"));
        assertTrue(error.getMessage().contains("bad argument"), error.getMessage());
        assertThrows(LuaError.class, () -> TestLua.run("return mix.base64_encode({})"));
        assertThrows(LuaError.class, () -> TestLua.run("return mix.parse_url()"));
    }
}

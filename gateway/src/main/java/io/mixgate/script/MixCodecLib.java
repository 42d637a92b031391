package io.mixgate.script;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The data-handling part of CONNMIX's {@code mix} library: JSON, base64, digests, string
 * splitting, URL parsing and byte tables.
 *
 * <p>Functions that can fail on bad data return {@code value, err}: the value, or {@code nil}
 * and a message; they never raise for bad data. Arguments of the wrong type raise the usual
 * Lua "bad argument" error. Lua strings are byte strings and are processed as raw bytes.
 *
 * <ul>
 *   <li>{@code s,err = mix.json_encode(v)}, {@code v,err = mix.json_decode(s)} — see {@link LuaJson}.</li>
 *   <li>{@code mix.base64_encode(s)} (standard alphabet, padded); {@code s,err = mix.base64_decode(s)}
 *       (padding optional, CR/LF ignored).</li>
 *   <li>{@code mix.md5(s)}, {@code mix.sha1(s)}: lowercase hex; {@code mix.md5_bin(s)},
 *       {@code mix.sha1_bin(s)}: the raw 16 or 20 bytes.</li>
 *   <li>{@code tb = mix.str_split(s, sep)}: Go's {@code strings.Split}; {@code sep} is plain
 *       text; an empty {@code sep} splits into UTF-8 characters.</li>
 *   <li>{@code tb,err = mix.parse_url(s)}, also {@code mix.parse_str} and {@code mix.url_parse}:
 *       Go's {@code url.Parse} fields as CONNMIX prints them — {@code scheme, opaque, user, host,
 *       path, raw_path, force_query, raw_query, fragment, raw_fragment} (always present, empty
 *       strings when absent), plus {@code port} — and {@code query}, a table of decoded
 *       parameter → value keeping the first value of a repeated parameter. Input with an
 *       {@code =} and no {@code ?}, {@code #}, {@code ://} or leading {@code /} is a bare query
 *       string ({@code mix.parse_str("a=1&b=2").query.a == "1"}). Each parameter is also
 *       copied to the top level unless its name is one of the fields above, which always win.</li>
 *   <li>{@code s = mix.bytes_tostring(b)}: {@code b} is a string (returned as is) or a table of
 *       byte values 0..255.</li>
 * </ul>
 *
 * <p>Thread safety: the installed functions keep no state; call them only from the thread
 * that owns the Lua VM.
 */
public final class MixCodecLib {

    private static final Set<String> URL_FIELDS = Set.of("scheme", "opaque", "user", "host", "port",
            "path", "raw_path", "force_query", "raw_query", "fragment", "raw_fragment", "query");

    private MixCodecLib() {
    }

    /** Adds the functions above to {@code mix}, with no time or size bound on JSON. */
    public static void install(LuaTable mix) {
        install(mix, null);
    }

    /** Adds the functions above to {@code mix}; JSON encoding and decoding count against {@code budget}. */
    static void install(LuaTable mix, CallBudget budget) {
        mix.set("json_encode", NamedFunction.of("json_encode", a -> jsonEncode(a, budget)));
        mix.set("json_decode", NamedFunction.of("json_decode", a -> jsonDecode(a, budget)));
        mix.set("base64_encode", NamedFunction.of("base64_encode",
                a -> bytes(Base64.getEncoder().encode(LuaText.bytes(a.checkstring(1))))));
        mix.set("base64_decode", NamedFunction.of("base64_decode", MixCodecLib::base64Decode));
        mix.set("md5", NamedFunction.of("md5", a -> hex(digest("MD5", a.checkstring(1)))));
        mix.set("md5_bin", NamedFunction.of("md5_bin", a -> bytes(digest("MD5", a.checkstring(1)))));
        mix.set("sha1", NamedFunction.of("sha1", a -> hex(digest("SHA-1", a.checkstring(1)))));
        mix.set("sha1_bin", NamedFunction.of("sha1_bin", a -> bytes(digest("SHA-1", a.checkstring(1)))));
        mix.set("str_split", NamedFunction.of("str_split", a -> strSplit(a.checkstring(1), a.checkstring(2))));
        mix.set("bytes_tostring", NamedFunction.of("bytes_tostring", MixCodecLib::bytesToString));
        NamedFunction parseUrl = NamedFunction.of("parse_url", a -> parseUrl(a.checkstring(1)));
        mix.set("parse_url", parseUrl);
        mix.set("parse_str", parseUrl);
        mix.set("url_parse", parseUrl);
    }

    private static Varargs jsonEncode(Varargs args, CallBudget budget) {
        try {
            return LuaValue.valueOf(LuaJson.encode(args.arg1(), budget));
        } catch (IllegalArgumentException e) {
            return NamedFunction.failure(e.getMessage());
        }
    }

    private static Varargs jsonDecode(Varargs args, CallBudget budget) {
        LuaString text = args.checkstring(1);
        try {
            return LuaJson.decode(LuaText.toJava(text), budget);
        } catch (IllegalArgumentException e) {
            return NamedFunction.failure(e.getMessage());
        }
    }

    private static Varargs base64Decode(Varargs args) {
        String text = new String(LuaText.bytes(args.checkstring(1)), StandardCharsets.ISO_8859_1);
        try {
            return bytes(Base64.getDecoder().decode(text.replace("\r", "").replace("\n", "")));
        } catch (IllegalArgumentException e) {
            return NamedFunction.failure("illegal base64 data: " + e.getMessage());
        }
    }

    private static byte[] digest(String algorithm, LuaString s) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(s.m_bytes, s.m_offset, s.m_length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE provides " + algorithm, e);
        }
    }

    private static LuaTable strSplit(LuaString s, LuaString sep) {
        LuaTable parts = new LuaTable();
        int end = s.m_offset + s.m_length;
        if (sep.m_length == 0) {
            for (int i = s.m_offset, n = 1; i < end; n++) {
                int size = Utf8.sequenceLength(s.m_bytes, i, end);
                parts.rawset(n, LuaString.valueOf(s.m_bytes, i, size));
                i += size;
            }
            return parts;
        }
        int start = s.m_offset;
        int n = 1;
        for (int i = start; i + sep.m_length <= end; ) {
            if (regionMatches(s.m_bytes, i, sep)) {
                parts.rawset(n++, LuaString.valueOf(s.m_bytes, start, i - start));
                i += sep.m_length;
                start = i;
            } else {
                i++;
            }
        }
        parts.rawset(n, LuaString.valueOf(s.m_bytes, start, end - start));
        return parts;
    }

    private static boolean regionMatches(byte[] bytes, int at, LuaString sep) {
        for (int j = 0; j < sep.m_length; j++) {
            if (bytes[at + j] != sep.m_bytes[sep.m_offset + j]) {
                return false;
            }
        }
        return true;
    }

    private static Varargs parseUrl(LuaString input) {
        String raw = new String(LuaText.bytes(input), StandardCharsets.ISO_8859_1);
        UrlParts url;
        try {
            url = UrlParts.isBareQuery(raw) ? UrlParts.ofQuery(raw) : UrlParts.parse(raw);
        } catch (IllegalArgumentException e) {
            return LuaValue.varargsOf(LuaValue.NIL, latin1(e.getMessage()));
        }
        LuaTable query = new LuaTable();
        LuaTable result = new LuaTable();
        for (Map.Entry<String, String> param : url.query().entrySet()) {
            query.set(latin1(param.getKey()), latin1(param.getValue()));
            if (!URL_FIELDS.contains(param.getKey())) {
                result.set(latin1(param.getKey()), latin1(param.getValue()));
            }
        }
        result.set("scheme", latin1(url.scheme()));
        result.set("opaque", latin1(url.opaque()));
        result.set("user", latin1(url.user()));
        result.set("host", latin1(url.host()));
        result.set("port", latin1(url.port()));
        result.set("path", latin1(url.path()));
        result.set("raw_path", latin1(url.rawPath()));
        result.set("force_query", LuaValue.valueOf(url.forceQuery()));
        result.set("raw_query", latin1(url.rawQuery()));
        result.set("fragment", latin1(url.fragment()));
        result.set("raw_fragment", latin1(url.rawFragment()));
        result.set("query", query);
        return result;
    }

    private static Varargs bytesToString(Varargs args) {
        LuaValue value = args.arg1();
        if (value.type() == LuaValue.TSTRING) {
            return value;
        }
        if (value.type() != LuaValue.TTABLE) {
            return LuaValue.argerror(1, "string or table expected, got " + value.typename());
        }
        LuaTable table = (LuaTable) value;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1, n = table.rawlen(); i <= n; i++) {
            LuaValue element = table.rawget(i);
            double b = element.type() == LuaValue.TNUMBER ? element.todouble() : -1;
            if (b < 0 || b > 255 || b != Math.rint(b)) {
                return LuaValue.argerror(1, "byte expected at index " + i + ", got " + element.tojstring());
            }
            out.write((int) b);
        }
        return bytes(out.toByteArray());
    }

    private static LuaString bytes(byte[] bytes) {
        return LuaString.valueOf(bytes);
    }

    private static LuaString hex(byte[] bytes) {
        return LuaValue.valueOf(HexFormat.of().formatHex(bytes));
    }

    private static LuaString latin1(String s) {
        return LuaString.valueOf(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}

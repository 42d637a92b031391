package io.mixgate.script;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaString;

/**
 * Converts between Lua byte strings and Java strings through UTF-8, replacing what cannot be
 * converted with U+FFFD, as Go does.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class LuaText {

    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private LuaText() {
    }

    /** Decodes a Lua string's bytes as UTF-8; invalid sequences become U+FFFD. */
    static String toJava(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.UTF_8);
    }

    /** Encodes a Java string as UTF-8 bytes; unpaired surrogates become U+FFFD. */
    static LuaString fromJava(String s) {
        // String.getBytes is much faster than a new CharsetEncoder (which is what the JSON
        // decoder paid for every string it handed to Lua), but it turns unpaired surrogates into
        // '?', so it only serves strings without any surrogate
        if (!hasSurrogate(s)) {
            return LuaString.valueOf(s.getBytes(StandardCharsets.UTF_8));
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(REPLACEMENT);
        try {
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(s));
            return LuaString.valueOf(bytes.array(), 0, bytes.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 encoder with REPLACE failed", e);
        }
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The raw bytes of a Lua string, copied. */
    static byte[] bytes(LuaString s) {
        byte[] copy = new byte[s.m_length];
        s.copyInto(0, copy, 0, copy.length);
        return copy;
    }
}

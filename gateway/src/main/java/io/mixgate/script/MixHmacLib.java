package io.mixgate.script;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code mix.hmac_sha256(key, msg)} (the raw 32 bytes), {@code mix.hmac_sha256_hex(key, msg)}
 * (lower-case hex) and {@code mix.hmac_sha256_base64(key, msg)} (standard alphabet, padded):
 * how exchanges want requests signed. Keys and messages are byte strings; an empty key is
 * allowed (RFC 2104 pads it). Stateless and thread-safe.
 */
final class MixHmacLib {
    private MixHmacLib() {
    }

    static void install(LuaTable mix) {
        mix.set("hmac_sha256", NamedFunction.of("hmac_sha256",
                a -> LuaValue.valueOf(hmac(a.checkstring(1), a.checkstring(2)))));
        mix.set("hmac_sha256_hex", NamedFunction.of("hmac_sha256_hex",
                a -> LuaValue.valueOf(HexFormat.of().formatHex(hmac(a.checkstring(1), a.checkstring(2))))));
        mix.set("hmac_sha256_base64", NamedFunction.of("hmac_sha256_base64",
                a -> LuaValue.valueOf(Base64.getEncoder().encodeToString(hmac(a.checkstring(1), a.checkstring(2))))));
    }

    static byte[] hmac(LuaString key, LuaString message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] k = LuaText.bytes(key);
            // SecretKeySpec refuses an empty key; one zero byte pads to the same block (RFC 2104)
            mac.init(new SecretKeySpec(k.length == 0 ? new byte[1] : k, "HmacSHA256"));
            return mac.doFinal(LuaText.bytes(message));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

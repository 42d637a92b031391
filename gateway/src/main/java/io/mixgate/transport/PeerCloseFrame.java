package io.mixgate.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Judges a close frame sent by a client (RFC 6455 §5.5.1, §7.4): which code the node answers
 * with. Stateless and thread-safe; never takes ownership of the frame.
 */
final class PeerCloseFrame {
    /** The code the node answers with, and why when the frame broke the protocol (null otherwise). */
    record Verdict(int code, String problem) {
    }

    private PeerCloseFrame() {
    }

    /**
     * A valid close is echoed with its code (1000 when it carries none); a 1-byte body or a code
     * no endpoint may send is 1002; a reason that is not UTF-8 is 1007.
     */
    static Verdict judge(CloseWebSocketFrame close) {
        ByteBuf body = close.content();
        int length = body.readableBytes();
        if (length == 0) {
            return new Verdict(1000, null);
        }
        if (length == 1) {
            return new Verdict(1002, "close frame with a 1-byte body");
        }
        int code = body.getUnsignedShort(body.readerIndex());
        if (!isValidCode(code)) {
            return new Verdict(1002, "invalid close code " + code);
        }
        if (!isUtf8(body, body.readerIndex() + 2, length - 2)) {
            return new Verdict(1007, "close reason is not UTF-8");
        }
        return new Verdict(code, null);
    }

    /**
     * Whether a peer may send {@code code}: the codes RFC 6455 §7.4.1 defines for use in a close
     * frame, those IANA registered since (1012 service restart, 1013 try again later, 1014 bad
     * gateway), and the ranges for libraries and applications (3000..4999). 1004 is reserved;
     * 1005, 1006 and 1015 must never be sent; the rest is unassigned.
     */
    static boolean isValidCode(int code) {
        return code >= 1000 && code <= 1003
                || code >= 1007 && code <= 1014
                || code >= 3000 && code <= 4999;
    }

    private static boolean isUtf8(ByteBuf buf, int from, int length) {
        if (length == 0) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf.nioBuffer(from, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}

package io.mixgate;

import static io.mixgate.WsWire.CLOSE;
import static io.mixgate.WsWire.CONTINUATION;
import static io.mixgate.WsWire.PING;
import static io.mixgate.WsWire.TEXT;
import static io.mixgate.WsWire.bytes;
import static io.mixgate.WsWire.closePayload;
import static io.mixgate.WsWire.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 conformance, section 7 of the Autobahn|Testsuite (close handling, RFC 6455 §5.5.1
 * and §7.4), against a node whose script echoes every message, over a raw socket.
 */
class Rfc6455CloseTest {
    /** Codes a client may send (§7.4.1, §7.4.2 and IANA's registry: 1012..1014 are registered). */
    private static final int[] VALID = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
            3000, 3999, 4000, 4999};
    /** Codes no endpoint may send: reserved, "must not be set", unassigned, or out of range. */
    private static final int[] INVALID = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 32767,
            32768, 65535};

    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.withScript("echo.lua");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static WsWire connect() throws IOException {
        return WsWire.connect(node, "/exchange-stream");
    }

    private static void assertClosedWith(WsWire w, int code, String what) throws IOException {
        assertEquals(code, w.closeCode(), what);
        assertTrue(w.tcpClosed(), "the server ends the TCP connection after its close frame: " + what);
    }

    @Test
    void case_7_1_1_echoThenNormalClose() throws IOException {
        try (WsWire w = connect()) {
            w.sendText("Hello World!");
            assertEquals("Hello World!", w.next().text());
            w.sendClose(1000, "");
            assertClosedWith(w, 1000, "normal close");
        }
    }

    @Test
    void case_7_1_2_to_7_1_4_nothingIsAnsweredAfterTheClientsClose() throws IOException {
        try (WsWire w = connect()) {
            // in one write: sent one by one, the later frames could meet a socket the node had already
            // closed after answering the first close (a broken pipe in the test, not a finding)
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
            frames.writeBytes(WsWire.frame(true, 0, CLOSE, WsWire.closePayload(1000, new byte[0])));
            frames.writeBytes(WsWire.frame(true, 0, CLOSE, WsWire.closePayload(1000, new byte[0])));
            frames.writeBytes(WsWire.frame(true, 0, PING, "late".getBytes(StandardCharsets.US_ASCII)));
            frames.writeBytes(WsWire.frame(true, 0, TEXT, "late".getBytes(StandardCharsets.US_ASCII)));
            w.raw(frames.toByteArray());
            WsWire.Frame first = w.next();
            assertEquals(CLOSE, first.opcode(), "the close is the first and only answer: " + first);
            assertTrue(w.tcpClosed());
        }
    }

    @Test
    void case_7_1_5_closeInsideAFragmentedMessageEndsIt() throws IOException {
        try (WsWire w = connect()) {
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream(); // one write, as in 7.1.2
            frames.writeBytes(WsWire.frame(false, 0, TEXT, "frag1".getBytes(StandardCharsets.US_ASCII)));
            frames.writeBytes(WsWire.frame(true, 0, CLOSE, WsWire.closePayload(1000, new byte[0])));
            frames.writeBytes(WsWire.frame(true, 0, CONTINUATION, "frag2".getBytes(StandardCharsets.US_ASCII)));
            w.raw(frames.toByteArray());
            WsWire.Frame first = w.next();
            assertEquals(CLOSE, first.opcode(), "no message is delivered after the close: " + first);
            assertTrue(w.tcpClosed());
        }
    }

    @Test
    void case_7_3_1_closeWithoutPayloadIsAnsweredWithoutError() throws IOException {
        try (WsWire w = connect()) {
            w.send(CLOSE, new byte[0]);
            int code = w.closeCode();
            assertTrue(code == 1000 || code == 1005, "a normal close (or one without a code), got " + code);
            assertTrue(w.tcpClosed());
        }
    }

    @Test
    void case_7_3_2_closeWithOneBytePayloadIs1002() throws IOException {
        try (WsWire w = connect()) {
            w.send(CLOSE, bytes(0x03));
            assertClosedWith(w, 1002, "1-byte close payload");
        }
    }

    @Test
    void case_7_3_3_to_7_3_5_closeWithReasonUpTo123BytesIsEchoed() throws IOException {
        for (String reason : new String[] {"", "Hello World!", "*".repeat(123)}) {
            try (WsWire w = connect()) {
                w.sendClose(1000, reason);
                assertClosedWith(w, 1000, "reason of " + reason.length() + " bytes");
            }
        }
    }

    @Test
    void case_7_3_6_closeOver125BytesIs1002() throws IOException {
        try (WsWire w = connect()) {
            w.send(CLOSE, closePayload(1000, filled(124, '*')));
            assertClosedWith(w, 1002, "a 126-byte control frame");
        }
    }

    @Test
    void case_7_5_1_closeReasonThatIsNotUtf8Is1007() throws IOException {
        byte[][] reasons = {
                bytes(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65),
                bytes(0xc0, 0xaf),
                bytes(0x61, 0xc3),
                bytes(0xff),
        };
        for (byte[] reason : reasons) {
            try (WsWire w = connect()) {
                w.send(CLOSE, closePayload(1000, reason));
                assertClosedWith(w, 1007, "a reason that is not UTF-8");
            }
        }
    }

    @Test
    void case_7_7_validCloseCodesAreEchoed() throws IOException {
        for (int code : VALID) {
            try (WsWire w = connect()) {
                w.sendClose(code, "bye");
                assertClosedWith(w, code, "client code " + code);
            }
        }
    }

    @Test
    void case_7_7_applicationCodes3000And4999AreEchoed() throws IOException {
        for (int code : new int[] {3000, 4999}) {
            try (WsWire w = connect()) {
                w.sendClose(code, "");
                assertClosedWith(w, code, "application code " + code);
            }
        }
    }

    @Test
    void case_7_9_and_7_13_invalidCloseCodesAre1002() throws IOException {
        for (int code : INVALID) {
            try (WsWire w = connect()) {
                w.sendClose(code, "");
                assertClosedWith(w, 1002, "client code " + code);
            }
        }
    }

    @Test
    void case_7_x_theConnectionStillWorksBeforeTheClose() throws IOException {
        try (WsWire w = connect()) {
            w.sendText("still here");
            WsWire.Frame echo = w.next();
            assertArrayEquals("still here".getBytes(StandardCharsets.US_ASCII), echo.payload());
            w.sendClose(4000, "");
            assertClosedWith(w, 4000, "application code after a message");
        }
    }
}

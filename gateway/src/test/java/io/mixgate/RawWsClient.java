package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client on a plain socket, for tests that need to see the bytes as they arrive
 * (how many frames one read returns) or to stop reading altogether, which the JDK client hides.
 * Handles only what the tests send and receive: short text frames.
 */
final class RawWsClient {
    private RawWsClient() {
    }

    /**
     * Connects to the node's first server, upgrades and subscribes to {@code channel}; reads time
     * out after 10 s, so a test waiting for bytes that never come fails instead of hanging.
     */
    static Socket subscribed(TestNode node, String channel) throws IOException {
        Socket socket = new Socket("127.0.0.1", node.gateway.serverPort(0));
        try {
            socket.setSoTimeout(10_000);
            upgradeAndSubscribe(socket, channel);
            return socket;
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** Upgrades on {@code /exchange-stream}, subscribes to {@code channel} and reads the {@code {"result":true}} reply. */
    static void upgradeAndSubscribe(Socket socket, String channel) throws IOException {
        OutputStream out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /exchange-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String headers = readHeaders(in);
        assertTrue(headers.startsWith("HTTP/1.1 101"), headers);
        sendText(socket, "{\"op\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        byte[] reply = in.readNBytes(2 + "{\"result\":true}".length());
        assertEquals("{\"result\":true}", new String(reply, 2, reply.length - 2, StandardCharsets.UTF_8));
    }

    /** Sends one masked text frame of under 126 bytes. */
    static void sendText(Socket socket, String message) throws IOException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        if (text.length > 125) {
            throw new IllegalArgumentException("only short frames: " + text.length + " bytes");
        }
        byte[] frame = new byte[2 + 4 + text.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | text.length);
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < text.length; i++) {
            frame[6 + i] = (byte) (text[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame);
        socket.getOutputStream().flush();
    }

    /**
     * The texts of the unmasked text frames in {@code bytes[0..length)}, which must hold whole
     * frames of under 126 bytes each.
     */
    static List<String> textFrames(byte[] bytes, int length) {
        List<String> texts = new ArrayList<>();
        int i = 0;
        while (i < length) {
            assertEquals(0x81, bytes[i] & 0xff, "a final text frame at byte " + i);
            int size = bytes[i + 1] & 0x7f;
            assertTrue(size < 126 && i + 2 + size <= length, "a whole short frame at byte " + i);
            texts.add(new String(bytes, i + 2, size, StandardCharsets.UTF_8));
            i += 2 + size;
        }
        return texts;
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}

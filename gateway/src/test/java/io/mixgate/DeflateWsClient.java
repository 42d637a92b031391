package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client on a plain socket that may offer permessage-deflate (RFC 7692) and shows
 * each frame as it arrived: RSV1 (compressed or not), opcode and payload. It inflates with one
 * {@link Inflater} for the whole connection, as a client that allows context takeover does, so
 * it also proves that the server's messages read correctly in that mode. Reads time out after 10 s.
 */
final class DeflateWsClient implements AutoCloseable {
    /** One frame as read off the socket. */
    record Frame(boolean compressed, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final Inflater inflater = new Inflater(true);
    final String responseHeaders;

    private DeflateWsClient(Socket socket, String responseHeaders) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.responseHeaders = responseHeaders;
    }

    /** Connects to the node's first server at {@code /exchange-stream}; {@code extensions} is the offer, or null for none. */
    static DeflateWsClient connect(TestNode node, String extensions) throws IOException {
        Socket socket = new Socket("127.0.0.1", node.gateway.serverPort(0));
        socket.setSoTimeout(10_000);
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /exchange-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        assertTrue(headers.toString().startsWith("HTTP/1.1 101"), headers.toString());
        return new DeflateWsClient(socket, headers.toString());
    }

    /** Whether the server's 101 accepted permessage-deflate. */
    boolean negotiated() {
        return responseHeaders.toLowerCase().contains("sec-websocket-extensions: permessage-deflate");
    }

    /** Sends a text message, uncompressed. */
    void sendText(String text) throws IOException {
        sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code data} compressed (RSV1 set) as one text frame. */
    void sendCompressedText(byte[] data) throws IOException {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length);
        deflater.end();
        byte[] compressed = out.toByteArray();
        byte[] payload = java.util.Arrays.copyOf(compressed, compressed.length - 4); // drop 00 00 ff ff
        sendFrame(0x80 | 0x40 | 0x1, payload);
    }

    /** Sends one masked frame with first byte {@code head}. */
    private void sendFrame(int head, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(head);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = {7, 1, 9, 3};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** Reads the next frame (the server's frames are unmasked and, here, never fragmented). */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame((b0 & 0x40) != 0, b0 & 0x0f, payload);
    }

    /** The message a data frame carries, inflated when it was compressed. */
    String message(Frame frame) throws DataFormatException {
        if (!frame.compressed()) {
            return frame.text();
        }
        byte[] input = java.util.Arrays.copyOf(frame.payload(), frame.payload().length + 4);
        input[input.length - 2] = (byte) 0xff;
        input[input.length - 1] = (byte) 0xff;
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Sends "sub:channel" and waits for the "ok". */
    void subscribe(String channel) throws IOException, DataFormatException {
        sendText("sub:" + channel);
        String reply = message(readFrame());
        if (!reply.equals("ok")) {
            throw new IllegalStateException("subscribe answered " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        socket.close();
    }
}

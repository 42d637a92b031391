package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A WebSocket client that writes every frame byte by byte, for protocol tests: any opcode, any
 * reserved bits, any length, fragments and control frames in any order, bytes split across
 * writes. Reads the server's frames back one at a time. Not thread-safe; one test owns it.
 */
final class WsWire implements AutoCloseable {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** A frame from the server; {@code opcode} -1 means the server closed the TCP connection instead. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, 1005 when it carries none, -1 when this is not a close frame. */
        int closeCode() {
            if (opcode != CLOSE) {
                return -1;
            }
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        @Override
        public String toString() {
            return opcode < 0 ? "TCP closed" : "opcode " + opcode + (opcode == CLOSE ? " code " + closeCode() : "")
                    + " fin=" + fin + " " + payload.length + " bytes";
        }
    }

    static final Frame TCP_CLOSED = new Frame(true, -1, new byte[0]);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private WsWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to the node's first server and upgrades on {@code path}; reads time out after 10 s. */
    static WsWire connect(TestNode node, String path) throws IOException {
        Socket socket = new Socket("127.0.0.1", node.gateway.serverPort(0));
        try {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            WsWire wire = new WsWire(socket);
            wire.upgrade(path);
            return wire;
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    private void upgrade(String path) throws IOException {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        assertTrue(headers.toString().startsWith("HTTP/1.1 101"), headers.toString());
    }

    /** The bytes of one masked frame: {@code rsv} is the three reserved bits as a number 0..7. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xf));
        int n = payload.length;
        if (n < 126) {
            b.write(0x80 | n);
        } else if (n < 65536) {
            b.write(0x80 | 126);
            b.write(n >>> 8);
            b.write(n & 0xff);
        } else {
            b.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) ((long) n >>> shift) & 0xff);
            }
        }
        byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
        b.writeBytes(mask);
        for (int i = 0; i < n; i++) {
            b.write(payload[i] ^ mask[i % 4]);
        }
        return b.toByteArray();
    }

    static byte[] closePayload(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    WsWire send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        return raw(frame(fin, rsv, opcode, payload));
    }

    WsWire send(int opcode, byte[] payload) throws IOException {
        return send(true, 0, opcode, payload);
    }

    WsWire sendText(String text) throws IOException {
        return send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    WsWire sendClose(int code, String reason) throws IOException {
        return send(CLOSE, closePayload(code, reason.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes bytes as they are, at once. */
    WsWire raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes bytes in pieces of {@code chop} bytes, each its own write. */
    WsWire chopped(byte[] bytes, int chop) throws IOException {
        for (int i = 0; i < bytes.length; i += chop) {
            out.write(bytes, i, Math.min(chop, bytes.length - i));
            out.flush();
        }
        return this;
    }

    /** The next frame, or {@link #TCP_CLOSED} when the server ended the connection. */
    Frame next() throws IOException {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return TCP_CLOSED;
            }
            int b1 = readByte();
            long n = b1 & 0x7f;
            if (n == 126) {
                n = (readByte() << 8) | readByte();
            } else if (n == 127) {
                n = 0;
                for (int i = 0; i < 8; i++) {
                    n = (n << 8) | readByte();
                }
            }
            assertTrue((b1 & 0x80) == 0, "server frames are not masked");
            byte[] payload = in.readNBytes((int) n);
            if (payload.length < n) {
                return TCP_CLOSED;
            }
            return new Frame((b0 & 0x80) != 0, b0 & 0xf, payload);
        } catch (SocketException | EOFException e) { // a reset after the server's close
            return TCP_CLOSED;
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /**
     * Reads frames until a close frame and returns its code; fails if the TCP connection ends
     * first or no close comes in time. Frames before the close are skipped.
     */
    int closeCode() throws IOException {
        while (true) {
            Frame f;
            try {
                f = next();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no close frame within the read timeout");
            }
            if (f == TCP_CLOSED) {
                throw new AssertionError("the server closed the connection without a close frame");
            }
            if (f.opcode() == CLOSE) {
                return f.closeCode();
            }
        }
    }

    /** After a close frame: true when the server ends the TCP connection (it must, RFC 6455 §7.1.1). */
    boolean tcpClosed() throws IOException {
        while (true) {
            try {
                if (next() == TCP_CLOSED) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] filled(int size, int c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /** Drops the TCP connection without a close handshake; with {@code reset}, as an RST. */
    void drop(boolean reset) throws IOException {
        if (reset) {
            socket.setSoLinger(true, 0);
        }
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package io.mixgate;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A raw TCP client, as nc would be: writes bytes, reads lines or byte counts with a deadline. */
final class TcpClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;

    private TcpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
    }

    static TcpClient connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        return new TcpClient(socket);
    }

    /** Over TLS with {@code tls}'s trust, the handshake done before it returns. */
    static TcpClient connectTls(int port, javax.net.ssl.SSLContext tls) throws IOException {
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.startHandshake();
        return new TcpClient(socket);
    }

    TcpClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    TcpClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** The next line without its "\n"; fails after {@link #WAIT} or when the connection ends first. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            int b = readByte(deadline);
            if (b == -1) {
                fail("connection closed before a whole line; got so far: " + line.toString(StandardCharsets.UTF_8));
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** Sends a line and returns the next line received. */
    String ask(String line) throws IOException {
        send(line + "\n");
        return readLine();
    }

    /** Exactly {@code n} bytes. */
    byte[] readBytes(int n) throws IOException {
        byte[] out = new byte[n];
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < n; i++) {
            int b = readByte(deadline);
            if (b == -1) {
                fail("connection closed after " + i + " of " + n + " bytes");
            }
            out[i] = (byte) b;
        }
        return out;
    }

    /** Waits until the node closes the connection, reading (and returning) whatever comes first. */
    String awaitClosed() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            int b;
            try {
                b = readByte(deadline);
            } catch (IOException reset) {
                return rest.toString(StandardCharsets.UTF_8);
            }
            if (b == -1) {
                return rest.toString(StandardCharsets.UTF_8);
            }
            rest.write(b);
        }
    }

    private int readByte(long deadline) throws IOException {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                fail("nothing from the node within " + WAIT.toSeconds() + " s");
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                // loop: the deadline check fails the test
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

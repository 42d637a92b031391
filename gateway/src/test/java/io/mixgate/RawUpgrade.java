package io.mixgate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Upgrade requests written byte for byte on a plain socket, for what the JDK client cannot send:
 * any Host and Origin, huge headers, a request trickled a byte at a time.
 */
final class RawUpgrade {
    private RawUpgrade() {
    }

    /** The start of an upgrade request for {@code path} on {@code host}, up to and including the last header line. */
    static String request(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\nSec-WebSocket-Version: 13\r\n";
    }

    /**
     * Sends {@code request} (which must end with the blank line) from another thread, so that a
     * server answering before it has read everything is seen, and returns the status line of
     * the answer ("" when the connection closed without one).
     */
    static String status(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // the server may refuse before it has read everything
                }
            });
            String line = statusLine(socket.getInputStream());
            writing.get();
            return line;
        }
    }

    /** Reads up to the end of the first line; "" at end of stream before any byte. */
    static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString().strip();
    }

    /** Reads until the server closes; true if it did within the socket's read timeout. */
    static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // drain any answer (a 408) until end of stream
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }
}

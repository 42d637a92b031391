package io.mixgate.api;

import io.mixgate.core.PublishResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A body that trickles in after the headers makes Undertow finish reading it from a read
 * listener rather than inside the first handler call: the reply must still wait for the node.
 */
class BodyInPiecesTest {

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answersABodyThatArrivesInPiecesAfterTheHeadersOnceTheNodeCompletes() throws Exception {
        CompletableFuture<PublishResult> pending = new CompletableFuture<>();
        api.mesh.publishReply = () -> pending;
        byte[] body = "{\"c\":\"slow\",\"d\":\"trickled\",\"i\":\"p\"}".getBytes(StandardCharsets.UTF_8);
        String headers = "POST /v1/mesh/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";

        String response;
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(headers.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (byte b : body) {
                out.write(b);
                out.flush();
            }
            assertEquals("trickled", new String(api.mesh.nextPublish().data(), StandardCharsets.UTF_8));
            pending.complete(new PublishResult(1, 0));
            response = readAll(socket.getInputStream());
        }

        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("Content-Type: application/json"), response);
        assertTrue(response.endsWith("{\"E\":null,\"r\":{\"s\":1,\"f\":0},\"i\":\"p\"}"), response);
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}

package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code node.transport}: the node runs on the kernel interface it was asked for (this machine
 * has epoll and io_uring), and published messages and script replies reach a client on each.
 */
class IoTransportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void publishesAndRepliesOnEachTransport(String transport) throws Exception {
        try (TestNode node = TestNode.start("node.transport=" + transport);
             Socket client = RawWsClient.subscribed(node, "BTCUSDT@depth")) {
            assertEquals(transport, node.gateway.transportName());

            var reply = JSON.readTree(ApiClient.post(node.api("/v1/mesh/publish"),
                    "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"on " + transport + "\"}").body());
            assertEquals(1, reply.get("r").get("s").asLong(), reply.toString());
            RawWsClient.sendText(client, "{\"op\":\"ping\"}");

            InputStream in = client.getInputStream();
            byte[] buffer = new byte[4096];
            int filled = 0;
            List<String> received = List.of();
            while (received.size() < 2) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new AssertionError("connection closed after " + received);
                }
                filled += n;
                received = RawWsClient.textFrames(buffer, filled);
            }
            assertEquals(List.of("on " + transport, "{\"op\":\"pong\"}"), received);
        }
    }
}

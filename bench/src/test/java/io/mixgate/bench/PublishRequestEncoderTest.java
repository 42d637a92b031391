package io.mixgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishRequestEncoderTest {
    private final PublishRequestEncoder encoder = new PublishRequestEncoder("127.0.0.1:6789");

    private String encode(Target.Publish p) {
        ByteBuf buf = encoder.encode(UnpooledByteBufAllocator.DEFAULT, p);
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void writesRequestLineHeadersAndBody() {
        String body = "{\"c\":\"ex:B1@depth\",\"d\":\"x\"}";
        Target.Publish p = new Target.Publish("/v1/mesh/publish", body.getBytes(StandardCharsets.UTF_8), "application/json", 1);

        assertEquals("POST /v1/mesh/publish HTTP/1.1\r\nHost: 127.0.0.1:6789\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body, encode(p));
    }

    @Test
    void followsAChangeOfPathAndCountsBodyBytesNotCharacters() {
        encode(new Target.Publish("/pub/a", new byte[100], "text/plain", 1));
        byte[] body = "\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8);

        assertEquals("POST /pub/b HTTP/1.1\r\nHost: 127.0.0.1:6789\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
                + "\u00e9t\u00e9", encode(new Target.Publish("/pub/b", body, "text/plain", 1)));
        assertEquals("POST /pub/b HTTP/1.1\r\nHost: 127.0.0.1:6789\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n",
                encode(new Target.Publish("/pub/b", new byte[0], "text/plain", 1)));
    }
}

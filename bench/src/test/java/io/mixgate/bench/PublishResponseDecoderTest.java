package io.mixgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishResponseDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new PublishResponseDecoder());

    private void feed(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
    }

    /** Feeds one byte at a time, so every state has to wait for the rest of its input. */
    private void feedByteByByte(String bytes) {
        for (byte b : bytes.getBytes(StandardCharsets.UTF_8)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    private PublishResponseDecoder.Response next() {
        return channel.readInbound();
    }

    @Test
    void readsABodyOfContentLength() {
        feed("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"E\":null}");

        assertEquals(new PublishResponseDecoder.Response(200, "{\"E\":null}"), next());
        assertNull(next());
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() {
        feed("HTTP/1.1 202 Accepted\r\ntransfer-encoding: gzip, Chunked\r\n\r\n"
                + "5;ext=1\r\nqueue\r\nA\r\nd messages\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertEquals(new PublishResponseDecoder.Response(202, "queued messages"), next());
    }

    @Test
    void waitsForEveryPartOfAResponseSplitByteByByte() {
        feedByteByByte("HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nabc"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n");

        assertEquals(new PublishResponseDecoder.Response(201, "abc"), next());
        assertEquals(new PublishResponseDecoder.Response(200, "xyz"), next());
        assertNull(next());
    }

    @Test
    void separatesPipelinedResponsesArrivingTogether() {
        feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                + "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nfail"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        assertEquals(new PublishResponseDecoder.Response(200, "a"), next());
        assertEquals(new PublishResponseDecoder.Response(500, "fail"), next());
        assertEquals(new PublishResponseDecoder.Response(200, ""), next());
    }

    @Test
    void skipsInterimAnswersAndReadsNoBodyFor204() {
        feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        assertEquals(new PublishResponseDecoder.Response(204, ""), next());
        assertEquals(new PublishResponseDecoder.Response(200, "ok"), next());
    }

    @Test
    void decodesAUtf8Body() {
        feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n\u00e9");

        assertEquals(new PublishResponseDecoder.Response(200, "\u00e9"), next());
    }

    @Test
    void refusesAResponseWithoutLengthOrChunking() {
        assertThrows(DecoderException.class, () -> feed("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody"));
    }

    @Test
    void refusesWhatIsNotHttp() {
        assertThrows(DecoderException.class, () -> feed("SSH-2.0-OpenSSH_9.2\r\n"));
    }

    @Test
    void releasesAHalfReadChunkedBodyWhenTheConnectionCloses() {
        feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");

        assertFalse(channel.finish());
    }
}

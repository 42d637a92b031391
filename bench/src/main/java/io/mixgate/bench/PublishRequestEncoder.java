package io.mixgate.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes a publish as the bytes of one HTTP/1.1 request (request line, Host, Content-Type,
 * Content-Length, body) into one buffer that goes to the socket as it is: no request object and
 * no header map per request, because the load tool shares the server's cores. The head up to the
 * Content-Length value is kept for the last path and content type, which nearly every request
 * repeats. One per connection; not thread-safe.
 */
final class PublishRequestEncoder {
    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private final String host;
    private String lastPath;
    private String lastContentType;
    private byte[] prefix;

    PublishRequestEncoder(String host) {
        this.host = host;
    }

    ByteBuf encode(ByteBufAllocator alloc, Target.Publish p) {
        byte[] head = prefix(p);
        byte[] body = p.body();
        ByteBuf buf = alloc.directBuffer(head.length + 10 + HEAD_END.length + body.length);
        buf.writeBytes(head);
        writeDecimal(buf, body.length);
        buf.writeBytes(HEAD_END);
        buf.writeBytes(body);
        return buf;
    }

    /** "POST path HTTP/1.1\r\nHost: ...\r\nContent-Type: ...\r\nContent-Length: " for this publish. */
    private byte[] prefix(Target.Publish p) {
        if (!p.path().equals(lastPath) || !p.contentType().equals(lastContentType)) {
            lastPath = p.path();
            lastContentType = p.contentType();
            prefix = ("POST " + lastPath + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + lastContentType
                    + "\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        }
        return prefix;
    }

    private static void writeDecimal(ByteBuf buf, int value) {
        if (value >= 10) {
            writeDecimal(buf, value / 10);
        }
        buf.writeByte('0' + value % 10);
    }
}

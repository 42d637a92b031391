package io.mixgate.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the HTTP/1.1 responses of a keep-alive publish connection into {@link Response}s: just the
 * status code and the body, which is all the publisher judges an answer by. Bodies come either with
 * a Content-Length or chunked (nchan and mixgate answer differently); 1xx answers are skipped, 204
 * and 304 have no body. A response with neither length nor chunking (a body ending at close) is
 * refused, since a keep-alive publisher could not tell where the next answer starts.
 *
 * <p>Purpose-built instead of Netty's HttpClientCodec + HttpObjectAggregator because the load tool
 * shares the server's cores: per response it makes no header objects, only the body's String.
 */
final class PublishResponseDecoder extends ByteToMessageDecoder {
    /** A publish answer: its status code and body. */
    record Response(int status, String body) {
    }

    private static final int MAX_LINE = 8192;
    private static final int MAX_BODY = 1 << 20;
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(StandardCharsets.US_ASCII);

    private enum State { STATUS_LINE, HEADERS, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, TRAILERS }

    private State state = State.STATUS_LINE;
    private int status;
    private long contentLength;
    private boolean chunked;
    private int chunkSize;
    /** The chunks read so far of a chunked body. */
    private ByteBuf chunks;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            switch (state) {
                case STATUS_LINE -> {
                    int eol = lineEnd(in);
                    if (eol < 0) {
                        return;
                    }
                    status = statusCode(in, in.readerIndex(), eol);
                    contentLength = -1;
                    chunked = false;
                    in.readerIndex(eol + 1);
                    state = State.HEADERS;
                }
                case HEADERS -> {
                    int eol = lineEnd(in);
                    if (eol < 0) {
                        return;
                    }
                    int start = in.readerIndex();
                    int length = contentEnd(in, start, eol) - start;
                    in.readerIndex(eol + 1);
                    if (length > 0) {
                        header(in, start, length);
                    } else {
                        startBody(ctx, out);
                    }
                }
                case FIXED_BODY -> {
                    if (in.readableBytes() < contentLength) {
                        return;
                    }
                    String body = in.toString(in.readerIndex(), (int) contentLength, StandardCharsets.UTF_8);
                    in.skipBytes((int) contentLength);
                    emit(out, body);
                }
                case CHUNK_SIZE -> {
                    int eol = lineEnd(in);
                    if (eol < 0) {
                        return;
                    }
                    chunkSize = chunkSize(in, in.readerIndex(), contentEnd(in, in.readerIndex(), eol));
                    in.readerIndex(eol + 1);
                    state = chunkSize == 0 ? State.TRAILERS : State.CHUNK_DATA;
                }
                case CHUNK_DATA -> {
                    if (in.readableBytes() < chunkSize + 2) { // the chunk and the CRLF that closes it
                        return;
                    }
                    if (chunks.readableBytes() + chunkSize > MAX_BODY) {
                        throw new DecoderException("chunked response body over " + MAX_BODY + " bytes");
                    }
                    chunks.writeBytes(in, chunkSize);
                    if (in.readByte() != '\r' || in.readByte() != '\n') {
                        throw new DecoderException("chunk not followed by CRLF");
                    }
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    int eol = lineEnd(in);
                    if (eol < 0) {
                        return;
                    }
                    boolean last = contentEnd(in, in.readerIndex(), eol) == in.readerIndex();
                    in.readerIndex(eol + 1);
                    if (last) { // trailer fields, if any, are skipped; the empty line ends the response
                        String body = chunks.toString(StandardCharsets.UTF_8);
                        chunks.release();
                        chunks = null;
                        emit(out, body);
                    }
                }
                default -> throw new IllegalStateException(state.toString());
            }
        }
    }

    private void startBody(ChannelHandlerContext ctx, List<Object> out) {
        if (status < 200) { // an interim answer (100 Continue): the real one follows
            state = State.STATUS_LINE;
        } else if (status == 204 || status == 304) {
            emit(out, "");
        } else if (chunked) {
            chunks = ctx.alloc().heapBuffer(256);
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            state = State.FIXED_BODY;
        } else {
            throw new DecoderException("response " + status + " has neither Content-Length nor chunked encoding");
        }
    }

    private void emit(List<Object> out, String body) {
        out.add(new Response(status, body));
        state = State.STATUS_LINE;
    }

    private void header(ByteBuf in, int start, int length) {
        if (startsWithIgnoreCase(in, start, length, CONTENT_LENGTH)) {
            long value = 0;
            int digits = 0;
            for (int i = start + CONTENT_LENGTH.length; i < start + length; i++) {
                byte b = in.getByte(i);
                if (b >= '0' && b <= '9') {
                    value = value * 10 + (b - '0');
                    digits++;
                } else if (b != ' ' && b != '\t' || digits > 0) {
                    throw new DecoderException("bad Content-Length: " + in.toString(start, length, StandardCharsets.US_ASCII));
                }
                if (value > MAX_BODY) {
                    throw new DecoderException("response body over " + MAX_BODY + " bytes");
                }
            }
            if (digits == 0) {
                throw new DecoderException("empty Content-Length");
            }
            contentLength = value;
        } else if (startsWithIgnoreCase(in, start, length, TRANSFER_ENCODING)) {
            // the last coding of a response's Transfer-Encoding is chunked when the body is chunked
            int end = start + length;
            chunked = length >= TRANSFER_ENCODING.length + CHUNKED.length
                    && startsWithIgnoreCase(in, end - CHUNKED.length, CHUNKED.length, CHUNKED);
        }
    }

    /** The index of the LF that ends the line at the reader index, or -1 while it has not all arrived. */
    private static int lineEnd(ByteBuf in) {
        int eol = in.forEachByte(in.readerIndex(), in.readableBytes(), ByteProcessor.FIND_LF);
        if (eol < 0 && in.readableBytes() > MAX_LINE) {
            throw new DecoderException("response line over " + MAX_LINE + " bytes");
        }
        return eol;
    }

    /** Where the line's content ends: before its CR LF (or bare LF) and any trailing blanks. */
    private static int contentEnd(ByteBuf in, int start, int eol) {
        int end = eol;
        while (end > start && (in.getByte(end - 1) == '\r' || in.getByte(end - 1) == ' ' || in.getByte(end - 1) == '\t')) {
            end--;
        }
        return end;
    }

    /** "HTTP/1.1 200 OK" → 200. */
    private static int statusCode(ByteBuf in, int start, int eol) {
        int space = in.indexOf(start, eol, (byte) ' ');
        if (eol - start < 12 || space < 0 || eol - space < 4 || !in.toString(start, 5, StandardCharsets.US_ASCII).equals("HTTP/")) {
            throw new DecoderException("not an HTTP status line: " + in.toString(start, eol - start, StandardCharsets.US_ASCII));
        }
        int code = 0;
        for (int i = space + 1; i < space + 4; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                throw new DecoderException("bad status code: " + in.toString(start, eol - start, StandardCharsets.US_ASCII));
            }
            code = code * 10 + (b - '0');
        }
        return code;
    }

    /** A chunk-size line: hex digits, optionally followed by ";extensions". */
    private static int chunkSize(ByteBuf in, int start, int end) {
        long size = 0;
        int digits = 0;
        for (int i = start; i < end; i++) {
            int d = Character.digit(in.getByte(i), 16);
            if (d < 0) {
                if (in.getByte(i) == ';' || in.getByte(i) == ' ' || in.getByte(i) == '\t') {
                    break;
                }
                throw new DecoderException("bad chunk size: " + in.toString(start, end - start, StandardCharsets.US_ASCII));
            }
            size = size * 16 + d;
            digits++;
            if (size > MAX_BODY) {
                throw new DecoderException("chunk over " + MAX_BODY + " bytes");
            }
        }
        if (digits == 0) {
            throw new DecoderException("empty chunk size");
        }
        return (int) size;
    }

    private static boolean startsWithIgnoreCase(ByteBuf in, int start, int length, byte[] lowerPrefix) {
        if (length < lowerPrefix.length) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length; i++) {
            byte b = in.getByte(start + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (chunks != null) {
            chunks.release();
            chunks = null;
        }
    }
}

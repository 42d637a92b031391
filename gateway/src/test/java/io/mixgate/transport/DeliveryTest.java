package io.mixgate.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.pubsub.Delivery;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.CloseCode;
import io.mixgate.session.WireFormat;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Delivery} with the real {@link WebSocketFrameFormat} and {@link EventLoopFanout} (which
 * writes through {@link ClientTransport#write} to transports that are not Netty channels). Lives in the transport package to
 * see the frame's buffer: the allocator records what it hands out, so the tests can read its
 * reference count.
 */
class DeliveryTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    private final RecordingAllocator allocator = new RecordingAllocator();
    private final AtomicInteger encodes = new AtomicInteger();
    private final WireFormat netty = new WebSocketFrameFormat(allocator);
    private final WireFormat counting = (data, type) -> {
        encodes.incrementAndGet();
        return netty.encode(data, type);
    };
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final Delivery delivery = new Delivery(index, new EventLoopFanout());
    private final List<Subscriber> subscribers = new ArrayList<>();

    @AfterEach
    void everyBufferIsReleased() {
        subscribers.forEach(Subscriber::releaseWrites);
        for (ByteBuf buf : allocator.allocated) {
            assertEquals(0, buf.refCnt(), "a frame buffer leaked");
        }
    }

    @Test
    void encodesOnceAndWritesThatOneBufferToEverySubscriber() {
        List<Subscriber> three = List.of(subscriber(Mode.ACCEPT), subscriber(Mode.ACCEPT), subscriber(Mode.ACCEPT));

        assertEquals(new PublishResult(3, 0), delivery.deliver("prices", HELLO, MessageType.TEXT));

        assertEquals(1, encodes.get());
        assertEquals(1, allocator.allocated.size());
        assertEquals(3, allocator.allocated.get(0).refCnt(), "each write holds its own reference to the one buffer");
        for (Subscriber s : three) {
            ByteBuf wire = s.written.get(0);
            assertEquals(0x81, wire.getUnsignedByte(0), "FIN + text opcode");
            assertArrayEquals(HELLO, payload(wire));
        }
    }

    @Test
    void encodesOncePerFormatAmongTheSubscribers() {
        AtomicInteger otherEncodes = new AtomicInteger();
        WireFormat other = (data, type) -> {
            otherEncodes.incrementAndGet();
            return netty.encode(data, type);
        };
        subscriber(Mode.ACCEPT);
        subscriber(Mode.ACCEPT, other);
        subscriber(Mode.ACCEPT);
        subscriber(Mode.ACCEPT, other);

        assertEquals(new PublishResult(4, 0), delivery.deliver("prices", HELLO, MessageType.TEXT));

        assertEquals(1, encodes.get());
        assertEquals(1, otherEncodes.get());
        assertEquals(2, allocator.allocated.size(), "one buffer per format");
    }

    @Test
    void aFormatThatCannotEncodeTheMessageFailsOnlyItsOwnSubscribers() {
        AtomicInteger refusals = new AtomicInteger();
        WireFormat refusing = (data, type) -> {
            refusals.incrementAndGet();
            return null;
        };
        subscriber(Mode.ACCEPT);
        subscriber(Mode.ACCEPT, refusing);
        subscriber(Mode.ACCEPT, refusing);

        assertEquals(new PublishResult(1, 2), delivery.deliver("prices", HELLO, MessageType.TEXT));
        assertEquals(1, refusals.get(), "a refusing format is asked once per message");
    }

    @Test
    void countsSubscribersThatCannotTakeTheMessageAsFailed() {
        subscriber(Mode.ACCEPT);
        subscriber(Mode.REFUSE);
        subscriber(Mode.ACCEPT);
        subscriber(Mode.REFUSE);

        assertEquals(new PublishResult(2, 2), delivery.deliver("prices", HELLO, MessageType.TEXT));
        assertEquals(1, encodes.get());
    }

    @Test
    void encodesNothingForAChannelWithoutSubscribers() {
        subscriber(Mode.ACCEPT);

        assertEquals(PublishResult.NONE, delivery.deliver("elsewhere", HELLO, MessageType.TEXT));
        assertEquals(0, encodes.get());
        assertEquals(0, allocator.allocated.size());
    }

    @Test
    void releasesItsReferenceOnceTheLastWriteIsQueued() {
        Subscriber a = subscriber(Mode.ACCEPT);
        Subscriber b = subscriber(Mode.ACCEPT);

        delivery.deliver("prices", HELLO, MessageType.BINARY);
        ByteBuf buffer = allocator.allocated.get(0);
        assertEquals(2, buffer.refCnt(), "only the two queued writes still hold the buffer");

        a.releaseWrites();
        assertEquals(1, buffer.refCnt());
        b.releaseWrites();
        assertEquals(0, buffer.refCnt());
    }

    @Test
    void encodesNothingWhenNoSubscriberCanTakeIt() {
        subscriber(Mode.REFUSE);
        subscriber(Mode.REFUSE);

        assertEquals(new PublishResult(0, 2), delivery.deliver("prices", HELLO, MessageType.TEXT));
        assertEquals(0, encodes.get());
        assertEquals(List.of(), allocator.allocated);
    }

    @Test
    void releasesTheFrameWhenAWriteThrows() {
        subscriber(Mode.THROW);

        assertThrows(IllegalStateException.class, () -> delivery.deliver("prices", HELLO, MessageType.TEXT));
        assertEquals(0, allocator.allocated.get(0).refCnt());
    }

    @Test
    void binaryMessagesBecomeBinaryFramesOfACopyOfTheData() {
        Subscriber s = subscriber(Mode.ACCEPT);
        byte[] data = {0, 1, 2, (byte) 0xff};

        delivery.deliver("prices", data, MessageType.BINARY);
        data[0] = 42; // the caller may reuse its array

        ByteBuf wire = s.written.get(0);
        assertEquals(0x82, wire.getUnsignedByte(0), "FIN + binary opcode");
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, payload(wire));
    }

    @Test
    void longMessagesCarryTheExtendedLength() {
        Subscriber s = subscriber(Mode.ACCEPT);
        byte[] medium = new byte[300];
        byte[] large = new byte[70_000];

        delivery.deliver("prices", medium, MessageType.BINARY);
        delivery.deliver("prices", large, MessageType.BINARY);

        assertEquals(126, s.written.get(0).getUnsignedByte(1));
        assertEquals(300, s.written.get(0).getUnsignedShort(2));
        assertArrayEquals(medium, payload(s.written.get(0)));
        assertEquals(127, s.written.get(1).getUnsignedByte(1));
        assertEquals(70_000, s.written.get(1).getLong(2));
        assertArrayEquals(large, payload(s.written.get(1)));
    }

    /** The payload of an encoded, unmasked server frame, after checking its length field. */
    private static byte[] payload(ByteBuf wire) {
        int len = wire.getUnsignedByte(1);
        int header = 2;
        long length = len;
        if (len == 126) {
            length = wire.getUnsignedShort(2);
            header = 4;
        } else if (len == 127) {
            length = wire.getLong(2);
            header = 10;
        }
        assertEquals(wire.readableBytes() - header, length, "the length field matches the payload");
        return ByteBufUtil.getBytes(wire, wire.readerIndex() + header, (int) length);
    }

    private Subscriber subscriber(Mode mode) {
        return subscriber(mode, counting);
    }

    private Subscriber subscriber(Mode mode, WireFormat format) {
        Subscriber transport = new Subscriber(mode, format);
        Session session = new Session(subscribers.size() + 1, transport, new ScriptLane(Runnable::run, 100), 1000);
        index.subscribe(session, "prices", 100);
        subscribers.add(transport);
        return transport;
    }

    private enum Mode { ACCEPT, REFUSE, THROW }

    /** Takes its own reference to each frame, as {@link ChannelTransport} does, or refuses or fails. */
    private static final class Subscriber implements ClientTransport {
        final Mode mode;
        final WireFormat format;
        final List<ByteBuf> written = new ArrayList<>();

        Subscriber(Mode mode, WireFormat format) {
            this.mode = mode;
            this.format = format;
        }

        @Override
        public WireFormat format() {
            return format;
        }

        @Override
        public boolean write(OutboundMessage message) {
            return switch (mode) {
                case ACCEPT -> {
                    NettyOutboundFrame frame = (NettyOutboundFrame) message.frameFor(format);
                    yield frame != null && written.add(frame.retainedDuplicate());
                }
                case REFUSE -> false;
                case THROW -> {
                    message.frameFor(format); // encoded, then the write fails
                    throw new IllegalStateException("expected by the test: a failing transport");
                }
            };
        }

        void releaseWrites() {
            written.forEach(ByteBuf::release);
            written.clear();
        }

        @Override
        public String remoteAddress() {
            return "test";
        }

        @Override
        public int writeMany(List<OutboundMessage> messages) {
            int queued = 0;
            for (OutboundMessage message : messages) {
                if (!write(message)) {
                    break;
                }
                queued++;
            }
            return queued;
        }

        @Override
        public void close(CloseCode code, String reason) {
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void backlogChanged() {
        }
    }

    /** Unpooled, so a released buffer's count reads 0 rather than being recycled; leak detection stays on. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        RecordingAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}

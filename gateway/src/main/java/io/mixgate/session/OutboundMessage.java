package io.mixgate.session;

import io.mixgate.core.MessageType;
import java.util.ArrayList;
import java.util.List;

/**
 * A message on its way out to one or many connections, with its wire encodings: each
 * {@link WireFormat} encodes it at most once, on first use, and every connection of that format
 * shares the result. This is what keeps fan-out cheap whatever the mix of servers, framings and
 * compression among the subscribers.
 *
 * <p>Ownership: the creator calls {@link #release()} once, after the last write; the cached
 * frames are released then (writes already queued keep their own references).
 *
 * <p>Thread safety: one thread at a time (the one delivering or sending the message); the
 * frames it hands out may be written from any thread.
 */
public final class OutboundMessage {
    /** Marks a format that could not encode this message, so it is not asked again. */
    private static final OutboundFrame REFUSED = () -> { };

    private final byte[] data;
    private final MessageType type;
    private WireFormat firstFormat;
    private OutboundFrame firstFrame;
    private List<WireFormat> moreFormats;
    private List<OutboundFrame> moreFrames;
    private boolean released;

    /** @param data not modified; kept until {@link #release()} */
    public OutboundMessage(byte[] data, MessageType type) {
        this.data = data;
        this.type = type;
    }

    public byte[] data() {
        return data;
    }

    public MessageType type() {
        return type;
    }

    /**
     * The message encoded by {@code format}: encoded now on first use, the same frame afterwards.
     *
     * @return a frame this message keeps owning (do not release it), or null when the format
     *         cannot carry this message
     */
    public OutboundFrame frameFor(WireFormat format) {
        if (released) {
            throw new IllegalStateException("message already released");
        }
        if (format == firstFormat) {
            return visible(firstFrame);
        }
        if (moreFormats != null) {
            for (int i = 0; i < moreFormats.size(); i++) {
                if (moreFormats.get(i) == format) {
                    return visible(moreFrames.get(i));
                }
            }
        }
        OutboundFrame frame = format.encode(data, type);
        OutboundFrame kept = frame == null ? REFUSED : frame;
        if (firstFormat == null) {
            firstFormat = format;
            firstFrame = kept;
        } else {
            if (moreFormats == null) {
                moreFormats = new ArrayList<>(2);
                moreFrames = new ArrayList<>(2);
            }
            moreFormats.add(format);
            moreFrames.add(kept);
        }
        return frame;
    }

    /** How many formats have encoded this message so far (tests count encodings with it). */
    public int encodings() {
        return (firstFormat == null ? 0 : 1) + (moreFormats == null ? 0 : moreFormats.size());
    }

    private static OutboundFrame visible(OutboundFrame kept) {
        return kept == REFUSED ? null : kept;
    }

    /** Releases every frame encoded for this message. Idempotent. */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        if (firstFrame != null) {
            firstFrame.release();
        }
        if (moreFrames != null) {
            moreFrames.forEach(OutboundFrame::release);
        }
    }
}

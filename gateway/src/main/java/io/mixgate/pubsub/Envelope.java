package io.mixgate.pubsub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A template that wraps a publication for the subscribers that asked for it, chosen at subscribe
 * time ({@code conn:subscribe(ch, {envelope = ...})}) and filled in by the node once per
 * publication for all of them, without Lua. Placeholders: {@code ${offset}} (a decimal number),
 * {@code ${epoch}} (hex digits), {@code ${channel}} (the channel name as it is) and
 * {@code ${data}} (the published bytes as they are). Everything else is copied byte for byte, so
 * {@code {"channel":"BTCUSDT@depth","offset":${offset},"epoch":"${epoch}","data":${data}}}
 * gives JSON when the published data is JSON.
 *
 * <p>Immutable and thread-safe; two envelopes are the same when their templates are.
 */
public final class Envelope {
    private enum Slot { OFFSET, EPOCH, CHANNEL, DATA }

    private final String template;
    private final List<Object> parts; // byte[] literals and Slots, in order

    private Envelope(String template, List<Object> parts) {
        this.template = template;
        this.parts = parts;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: longer than {@code maxBytes}, an
     *         unknown or unclosed placeholder
     */
    public static Envelope compile(String template, int maxBytes) {
        byte[] utf8 = template.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxBytes) {
            throw new IllegalArgumentException("envelope longer than " + maxBytes + " bytes (history.maxEnvelopeBytes)");
        }
        List<Object> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = template.indexOf("${", from)) >= 0) {
            int end = template.indexOf('}', at);
            if (end < 0) {
                throw new IllegalArgumentException("envelope: unclosed placeholder at " + at);
            }
            String name = template.substring(at + 2, end);
            Slot slot = switch (name) {
                case "offset" -> Slot.OFFSET;
                case "epoch" -> Slot.EPOCH;
                case "channel" -> Slot.CHANNEL;
                case "data" -> Slot.DATA;
                default -> throw new IllegalArgumentException("envelope: unknown placeholder ${" + name
                        + "} (expected: ${offset}, ${epoch}, ${channel} or ${data})");
            };
            if (at > from) {
                parts.add(template.substring(from, at).getBytes(StandardCharsets.UTF_8));
            }
            parts.add(slot);
            from = end + 1;
        }
        if (from < template.length()) {
            parts.add(template.substring(from).getBytes(StandardCharsets.UTF_8));
        }
        return new Envelope(template, List.copyOf(parts));
    }

    public String template() {
        return template;
    }

    /** @param data not modified and not kept */
    public byte[] fill(String channel, long offset, String epoch, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
        for (Object part : parts) {
            if (part instanceof byte[] literal) {
                out.writeBytes(literal);
            } else {
                switch ((Slot) part) {
                    case OFFSET -> out.writeBytes(Long.toString(offset).getBytes(StandardCharsets.US_ASCII));
                    case EPOCH -> out.writeBytes(epoch.getBytes(StandardCharsets.US_ASCII));
                    case CHANNEL -> out.writeBytes(channel.getBytes(StandardCharsets.UTF_8));
                    case DATA -> out.writeBytes(data);
                }
            }
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e && e.template.equals(template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }
}

package io.mixgate.config;

import java.util.Locale;

/**
 * permessage-deflate (RFC 7692) on one WebSocket server ({@code servers[i].compression} in the
 * YAML). Off by default. When on, a client that offers the extension gets it; each published
 * message is compressed once per (server, window) and that one compression is shared by every
 * subscriber that negotiated it. The server never carries its compression context from one
 * message to the next (that would need one compression per subscriber), so it accepts offers
 * with or without {@code server_no_context_takeover}.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param mode                    {@code on} or {@code off} (default); YAML's {@code true} and
 *                                {@code false} mean the same
 * @param level                   zlib level {@code 1..9}, default 6
 * @param minSize                 messages shorter than this many bytes go uncompressed (their
 *                                frame header would outweigh the saving), {@code 0..16 MiB},
 *                                default 128
 * @param serverMaxWindowBits     the largest LZ77 window the server's compression uses,
 *                                {@code 8..15}, default 15; a client may ask for less. A message
 *                                longer than the window is sent uncompressed
 * @param clientMaxWindowBits     the window the server asks clients to compress with (when they
 *                                offer to take a limit), {@code 8..15}, default 15
 * @param clientNoContextTakeover whether the server asks clients to compress each message alone
 *                                (less memory per connection on the client, worse ratio),
 *                                default false
 */
public record CompressionConfig(String mode, int level, int minSize, int serverMaxWindowBits, int clientMaxWindowBits,
                                boolean clientNoContextTakeover) {

    /** Validates every value and normalises {@code mode} to {@code on} or {@code off}. */
    public CompressionConfig {
        Require.present("mode", mode, "on or off");
        mode = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> "on";
            case "off", "false" -> "off";
            default -> throw new InvalidValueException("mode", Require.show(mode), "on or off");
        };
        Require.range("level", level, 1, 9);
        Require.range("minSize", minSize, 0, 16 << 20);
        Require.range("serverMaxWindowBits", serverMaxWindowBits, 8, 15);
        Require.range("clientMaxWindowBits", clientMaxWindowBits, 8, 15);
    }

    /** The defaults: off; when turned on, level 6, messages from 128 bytes, full windows. */
    public static CompressionConfig defaults() {
        return new CompressionConfig("off", 6, 128, 15, 15, false);
    }

    /** Whether the server offers permessage-deflate at all. */
    public boolean enabled() {
        return mode.equals("on");
    }
}

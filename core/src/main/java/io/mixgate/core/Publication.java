package io.mixgate.core;

/**
 * One publication of a channel with history: its offset in the channel (1, 2, 3... with no gap
 * within one epoch), its payload and type.
 *
 * <p>Immutable by contract: {@code data} is never modified by anyone after construction (the
 * history keeps its own copy), so instances are safe to share between threads.
 *
 * @param offset position in the channel, from 1
 * @param data   the payload as published
 * @param type   text or binary
 */
public record Publication(long offset, byte[] data, MessageType type) {
}

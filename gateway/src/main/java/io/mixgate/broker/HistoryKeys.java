package io.mixgate.broker;

import io.lettuce.core.cluster.SlotHash;

/**
 * The Redis keys of one channel's history, all in the hash slot of the channel's pub/sub channel
 * {@code <prefix>c:<channel>}, so that the publish script may touch them and SPUBLISH the message
 * on a Redis Cluster:
 * <pre>
 * {&lt;prefix&gt;c:&lt;channel&gt;}:o   the last offset (INCR)
 * {&lt;prefix&gt;c:&lt;channel&gt;}:h   the publications: a stream whose entry ids are &lt;offset&gt;-0
 * {&lt;prefix&gt;c:&lt;channel&gt;}:e   the epoch (a random string, made again when the keys are lost)
 * </pre>
 * A pub/sub channel that carries a hash tag of its own (a channel name with {@code {...}}) keeps
 * it as the keys' base, which puts them in its slot too.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pubsub the Redis pub/sub channel the messages travel on
 */
record HistoryKeys(String pubsub, String offset, String stream, String epoch) {

    static HistoryKeys of(String pubsubChannel) {
        String base = hasHashTag(pubsubChannel) ? pubsubChannel : "{" + pubsubChannel + "}";
        return new HistoryKeys(pubsubChannel, base + ":o", base + ":h", base + ":e");
    }

    String[] all() {
        return new String[] {offset, stream, epoch};
    }

    /** Whether the keys share the pub/sub channel's slot (false only for odd braces in the channel name). */
    boolean sameSlot() {
        int slot = SlotHash.getSlot(pubsub);
        return SlotHash.getSlot(offset) == slot && SlotHash.getSlot(stream) == slot && SlotHash.getSlot(epoch) == slot;
    }

    private static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return false;
        }
        int close = key.indexOf('}', open + 1);
        return close > open + 1;
    }
}

package io.mixgate.queue;

/**
 * The Redis keys of the mesh queues. Every key carries the hash tag {@code {q}}, so all of them
 * live in one Redis Cluster hash slot and the push and ack scripts, which touch a topic's stream
 * and the topic set together, run on a cluster too: {@code <prefix>{q}:t:<topic>} is a topic's
 * stream (with the consumer group {@link #GROUP}), {@code <prefix>{q}:topics} the set of topics
 * holding items, which bounds {@code queue.maxTopics} across the mesh.
 *
 * <p>Immutable and thread-safe.
 */
final class QueueKeys {
    /** The one consumer group of every topic stream: every node reads through it. */
    static final String GROUP = "mixgate";

    private final String base;

    QueueKeys(String prefix) {
        this.base = prefix + "{q}:";
    }

    String stream(String topic) {
        return base + "t:" + topic;
    }

    /** The topic of a stream key, as returned with stream messages. */
    String topicOf(String streamKey) {
        return streamKey.substring(base.length() + 2);
    }

    String topics() {
        return base + "topics";
    }

    /**
     * KEYS: stream, topic set. ARGV: topic, topicSize, maxTopics, group, node, client, data.
     * Returns {1, backlog} when added, {0, backlog} when the topic is full, {-1, topics} when
     * the topic is new and maxTopics topics hold items.
     */
    static final String PUSH = """
            local len = redis.call('XLEN', KEYS[1])
            if len >= tonumber(ARGV[2]) then return {0, len} end
            if len == 0 and redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 0 then
              local topics = redis.call('SCARD', KEYS[2])
              if topics >= tonumber(ARGV[3]) then return {-1, topics} end
            end
            redis.call('SADD', KEYS[2], ARGV[1])
            if redis.call('EXISTS', KEYS[1]) == 0 then
              redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[4], '0', 'MKSTREAM')
            end
            redis.call('XADD', KEYS[1], '*', 'n', ARGV[5], 'c', ARGV[6], 'd', ARGV[7])
            return {1, len + 1}
            """;

    /**
     * KEYS: stream, topic set. ARGV: group, entry id, topic. Acknowledges and deletes the entry,
     * so that the stream's length is the topic's backlog; a topic left empty leaves the set.
     */
    static final String ACK = """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            if redis.call('XLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[3]) end
            return 1
            """;

    /**
     * KEYS: topic set. ARGV: stream key prefix, most topics. Returns {topic, XLEN, ...} for the
     * topics holding items (the set is bounded by queue.maxTopics; the streams share its slot).
     */
    static final String DEPTHS = """
            local topics = redis.call('SMEMBERS', KEYS[1])
            local out = {}
            for i = 1, math.min(#topics, tonumber(ARGV[2])) do
              out[#out + 1] = topics[i]
              out[#out + 1] = redis.call('XLEN', ARGV[1] .. topics[i])
            end
            return out
            """;

    /** The prefix of every topic's stream key. */
    String streamPrefix() {
        return base + "t:";
    }
}

package io.mixgate.broker;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.mixgate.config.HistoryConfig;
import io.mixgate.core.MessageType;
import io.mixgate.core.Publication;
import io.mixgate.core.StreamPosition;
import io.mixgate.pubsub.HistoryPage;
import io.mixgate.pubsub.HistoryRules;
import io.mixgate.pubsub.HistoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Channel history in Redis for a mesh (keys: {@link HistoryKeys}). Two Lua scripts, each one
 * atomic step, run with EVALSHA (EVAL, which loads them, after a NOSCRIPT: a Redis that
 * restarted or was flushed):
 * <ul>
 * <li>{@link #publish}: makes the epoch if it is missing (a new epoch starts at offset 1: after
 * FLUSHALL, a restart of a Redis without persistence or the keys' expiry, the channel's clients
 * learn that the history they counted on is gone), INCRs the offset, XADDs the publication with
 * the offset as its entry id ({@code MAXLEN} = the rule's size), PEXPIREs the keys and PUBLISHes
 * (SPUBLISH on a cluster) the message with its offset and epoch ({@link ChannelWire}).</li>
 * <li>{@link #read}: the epoch (made if missing), the top offset and the entries after an offset,
 * or the latest ones, leaving out those older than the rule's ttl.</li>
 * </ul>
 * A stream rather than a list: the entry id <em>is</em> the offset, so a read after offset N is
 * one XRANGE from {@code N+1-0} with no index arithmetic that trimming could put off by one, and a
 * missing offset is seen, never guessed.
 *
 * <p>Thread-safe; never blocks.
 */
public final class RedisHistoryStore implements HistoryStore {
    static final String PUBLISH = """
            local epoch = redis.call('GET', KEYS[3])
            if not epoch then
              epoch = ARGV[8]
              redis.call('SET', KEYS[3], epoch)
              redis.call('DEL', KEYS[1], KEYS[2])
            end
            local offset = redis.call('INCR', KEYS[1])
            local data = string.sub(ARGV[2], tonumber(ARGV[3]) + 1)
            if #data <= tonumber(ARGV[9]) then
              local t = redis.call('TIME')
              local now = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
              redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[5], offset .. '-0', 'd', data, 'y', ARGV[4], 'm', now)
              redis.call('PEXPIRE', KEYS[2], ARGV[6])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[7])
            redis.call('PEXPIRE', KEYS[3], ARGV[7])
            local n = redis.call(ARGV[10], ARGV[1], 'O' .. offset .. ':' .. epoch .. ':' .. ARGV[2])
            return {offset, epoch, n}
            """;
    static final String READ = """
            local epoch = redis.call('GET', KEYS[3])
            if not epoch then
              epoch = ARGV[5]
              redis.call('SET', KEYS[3], epoch, 'PX', ARGV[6])
              redis.call('DEL', KEYS[1], KEYS[2])
            end
            local top = tonumber(redis.call('GET', KEYS[1]) or '0')
            local t = redis.call('TIME')
            local oldest = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[4])
            local limit = tonumber(ARGV[3])
            local function fresh(entry)
              local f = entry[2]
              for i = 1, #f, 2 do
                if f[i] == 'm' then return tonumber(f[i + 1]) > oldest end
              end
              return false
            end
            if ARGV[1] == '' then
              local out = {}
              if limit > 0 then
                local latest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', limit)
                for i = 1, #latest do
                  if fresh(latest[i]) then out[#out + 1] = latest[i] end
                end
              end
              return {epoch, top, 1, out}
            end
            local since = tonumber(ARGV[1])
            if ARGV[2] ~= epoch or since > top then return {epoch, top, 0, {}} end
            if since == top or limit == 0 then return {epoch, top, 1, {}} end
            local entries = redis.call('XRANGE', KEYS[2], (since + 1) .. '-0', '+', 'COUNT', limit)
            if #entries == 0 or entries[1][1] ~= (since + 1) .. '-0' or not fresh(entries[1]) then
              return {epoch, top, 0, {}}
            end
            return {epoch, top, 1, entries}
            """;

    private final RedisLink link;
    private final String channelPrefix;
    private final boolean sharded;
    private final long metaTtlMillis;
    private final int maxChannelBytes;
    private final Script publish = new Script(PUBLISH);
    private final Script read = new Script(READ);

    /** @param sharded a Redis Cluster with sharded pub/sub: the script SPUBLISHes */
    public RedisHistoryStore(RedisLink link, String prefix, HistoryConfig config, boolean sharded) {
        this.link = link;
        this.channelPrefix = prefix + "c:";
        this.sharded = sharded;
        this.metaTtlMillis = config.metaTtl().toMillis();
        this.maxChannelBytes = config.maxChannelBytes();
    }

    /** The keys of {@code channel}'s history. */
    HistoryKeys keys(String channel) {
        return HistoryKeys.of(channelPrefix + channel);
    }

    /** What the publish script answered. */
    record Published(long offset, String epoch, long receivers) {
    }

    /**
     * Numbers, stores and publishes {@code message} (a {@link ChannelWire} plain or counted
     * message whose data starts after {@code headerLength} bytes) in one script.
     */
    CompletionStage<Published> publish(String channel, HistoryRules.Rule rule, byte[] message, int headerLength,
                                       MessageType type) {
        HistoryKeys keys = keys(channel);
        if (sharded && !keys.sameSlot()) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException("channel " + channel
                    + " cannot keep history on a Redis Cluster: its braces put its keys in another hash slot"));
        }
        byte[][] args = {
                bytes(keys.pubsub()), message, bytes(Integer.toString(headerLength)),
                new byte[] {ChannelWire.typeLetter(type)}, bytes(Integer.toString(rule.size())),
                bytes(Long.toString(rule.ttlMillis())), bytes(Long.toString(Math.max(metaTtlMillis, rule.ttlMillis()))),
                bytes(newEpoch()), bytes(Integer.toString(maxChannelBytes)), bytes(sharded ? "SPUBLISH" : "PUBLISH")};
        return publish.run(link, keys.all(), args).thenApply(reply -> new Published((Long) reply.get(0),
                text(reply.get(1)), (Long) reply.get(2)));
    }

    @Override
    public CompletionStage<HistoryPage> read(String channel, HistoryRules.Rule rule, StreamPosition since, int limit) {
        HistoryKeys keys = keys(channel);
        byte[][] args = {
                bytes(since == null ? "" : Long.toString(since.offset())), bytes(since == null ? "" : since.epoch()),
                bytes(Integer.toString(Math.max(0, limit))), bytes(Long.toString(rule.ttlMillis())), bytes(newEpoch()),
                bytes(Long.toString(Math.max(metaTtlMillis, rule.ttlMillis())))};
        return read.run(link, keys.all(), args).thenApply(reply -> page(reply, since == null));
    }

    private static HistoryPage page(List<Object> reply, boolean latest) {
        String epoch = text(reply.get(0));
        long top = (Long) reply.get(1);
        boolean recovered = (Long) reply.get(2) == 1;
        List<Publication> publications = new ArrayList<>();
        for (Object e : (List<?>) reply.get(3)) {
            publications.add(publication((List<?>) e));
        }
        if (latest) {
            publications = publications.reversed();
        }
        return new HistoryPage(recovered, new StreamPosition(top, epoch), publications);
    }

    /** A stream entry: {id, {field, value, ...}}. */
    private static Publication publication(List<?> entry) {
        String id = text(entry.get(0));
        long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
        List<?> fields = (List<?>) entry.get(1);
        byte[] data = new byte[0];
        MessageType type = MessageType.TEXT;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String name = text(fields.get(i));
            if (name.equals("d")) {
                data = (byte[]) fields.get(i + 1);
            } else if (name.equals("y")) {
                type = ((byte[]) fields.get(i + 1))[0] == ChannelWire.typeLetter(MessageType.BINARY)
                        ? MessageType.BINARY : MessageType.TEXT;
            }
        }
        return new Publication(offset, data, type);
    }

    private static String newEpoch() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** A script run by its SHA1, sent in full once Redis answers NOSCRIPT (which certainly ran nothing). */
    private static final class Script {
        private final String source;
        private final String sha;

        Script(String source) {
            this.source = source;
            this.sha = sha1(source);
        }

        @SuppressWarnings("unchecked")
        CompletionStage<List<Object>> run(RedisLink link, String[] keys, byte[][] args) {
            CompletableFuture<List<Object>> result = new CompletableFuture<>();
            link.commands().<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args).whenComplete((reply, failure) -> {
                if (failure == null) {
                    result.complete(reply);
                } else if (unwrap(failure) instanceof RedisNoScriptException) {
                    link.commands().<List<Object>>eval(source, ScriptOutputType.MULTI, keys, args).whenComplete((r, f) -> {
                        if (f == null) {
                            result.complete(r);
                        } else {
                            result.completeExceptionally(f);
                        }
                    });
                } else {
                    result.completeExceptionally(failure);
                }
            });
            return result;
        }

        private static Throwable unwrap(Throwable t) {
            return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        }

        private static String sha1(String text) {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(bytes(text));
                return java.util.HexFormat.of().formatHex(digest);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

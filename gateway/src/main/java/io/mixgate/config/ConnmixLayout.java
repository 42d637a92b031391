package io.mixgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CONNMIX {@code connmix.yaml} as is: moves its {@code engine} keys onto mixgate's layout
 * ({@code engine.servers} to {@code servers}, {@code engine.apiServer} to {@code apiServer},
 * {@code engine.luavm.redis} to {@code redis.pools}, {@code engine.luavm.queue} to {@code queue});
 * {@code logging} and {@code access} already match. Keys mixgate has no use for
 * ({@code prometheus}, {@code licenses}, {@code engine.meshPoint}, ...) are removed and reported,
 * for one INFO line. A {@code center} section is an error: mixgate's nodes meet in Redis.
 *
 * <p>Stateless and thread-safe; {@link #adapt} edits the tree it is given.
 */
final class ConnmixLayout {

    /** The answer to CONNMIX's center, section or mode. */
    static final String NO_CENTER = "mixgate has no center: its nodes find each other through Redis."
            + " Remove the center section, start every node with mixgate single (or engine) and point them at"
            + " the same Redis: redis.uri: redis://host:6379 in the file, MIXGATE_REDIS_URI=redis://host:6379 in"
            + " the environment or --set redis.uri=redis://host:6379";

    private static final Set<String> IGNORED_TOP = Set.of("prometheus", "licenses");
    private static final Set<String> IGNORED_ENGINE = Set.of("meshPoint", "centerRegistry");
    private static final Set<String> IGNORED_API = Set.of("readBufferSize", "writeBufferSize", "readTimeout", "writeTimeout");
    private static final Set<String> IGNORED_POOL = Set.of("minIdleConns", "maxConnAge", "idleTimeout");
    private static final Set<String> IGNORED_LOGGING = Set.of("filename", "maxFiles");

    private ConnmixLayout() {
    }

    /**
     * Rewrites a CONNMIX layout in {@code root} into mixgate's; a tree without {@code engine},
     * {@code prometheus} or {@code licenses} is left alone.
     *
     * @return the CONNMIX keys that were dropped, as key paths, for an INFO line; empty when none
     * @throws ConfigProblem if there is a {@code center} section or a key given in both layouts
     */
    static List<String> adapt(ObjectNode root) throws ConfigProblem {
        if (root.has("center")) {
            throw new ConfigProblem(KeyPath.ROOT.child("center"), NO_CENTER);
        }
        List<String> ignored = new ArrayList<>();
        for (String key : IGNORED_TOP) {
            if (root.remove(key) != null) {
                ignored.add(key);
            }
        }
        drop(root.get("logging"), "logging", IGNORED_LOGGING, ignored);
        JsonNode engineNode = root.remove("engine");
        if (engineNode == null || engineNode.isNull()) {
            return ignored;
        }
        if (!(engineNode instanceof ObjectNode engine)) {
            throw new ConfigProblem(KeyPath.ROOT.child("engine"), ConfigErrors.show(engineNode)
                    + " (expected: CONNMIX's engine mapping with servers, apiServer, luavm)");
        }
        for (String key : IGNORED_ENGINE) {
            if (engine.remove(key) != null) {
                ignored.add("engine." + key);
            }
        }
        move(root, engine, "servers", "servers");
        drop(engine.get("apiServer"), "engine.apiServer", IGNORED_API, ignored);
        move(root, engine, "apiServer", "apiServer");
        JsonNode luavm = engine.remove("luavm");
        if (luavm instanceof ObjectNode vm) {
            JsonNode pools = vm.remove("redis");
            if (pools instanceof ArrayNode list) {
                for (int i = 0; i < list.size(); i++) {
                    drop(list.get(i), "engine.luavm.redis[" + i + "]", IGNORED_POOL, ignored);
                }
            }
            if (pools != null) {
                JsonNode redis = root.get("redis");
                ObjectNode section = redis instanceof ObjectNode r ? r : root.putObject("redis");
                if (section.has("pools")) {
                    throw new ConfigProblem(KeyPath.parse("engine.luavm.redis"), "given twice (also as redis.pools)");
                }
                section.set("pools", pools);
            }
            move(root, vm, "queue", "queue");
            for (Iterator<String> rest = vm.fieldNames(); rest.hasNext(); ) {
                ignored.add("engine.luavm." + rest.next());
            }
        } else if (luavm != null && !luavm.isNull()) {
            throw new ConfigProblem(KeyPath.parse("engine.luavm"), ConfigErrors.show(luavm)
                    + " (expected: a mapping with redis, queue)");
        }
        for (Map.Entry<String, JsonNode> rest : engine.properties()) {
            ignored.add("engine." + rest.getKey());
        }
        return ignored;
    }

    private static void move(ObjectNode root, ObjectNode from, String key, String to) throws ConfigProblem {
        JsonNode value = from.remove(key);
        if (value == null) {
            return;
        }
        if (root.has(to)) {
            throw new ConfigProblem(KeyPath.ROOT.child("engine").child(key), "given twice (also as " + to + ")");
        }
        root.set(to, value);
    }

    private static void drop(JsonNode section, String where, Set<String> keys, List<String> ignored) {
        if (section instanceof ObjectNode object) {
            for (String key : keys) {
                if (object.remove(key) != null) {
                    ignored.add(where + "." + key);
                }
            }
        }
    }
}

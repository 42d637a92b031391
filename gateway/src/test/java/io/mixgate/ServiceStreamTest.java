package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** svc:consume_stream against a real Redis: at-least-once, an entry whose callback failed is delivered again. */
class ServiceStreamTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = """
            local failed = {}
            function on_start(svc)
              local err = svc:consume_stream("engine:in", {group = "calc", batch = 10})
              if err then error(err) end
            end
            function on_stream(svc, key, entries)
              for _, e in ipairs(entries) do
                if e.fields.fail == "1" and not failed[e.id] then
                  failed[e.id] = true
                  error("first try fails")
                end
                mix.mesh.publish("out", key .. " " .. e.fields.v)
              end
            end
            """;

    @Test
    void entriesAreAcknowledgedOnlyAfterTheCallbackSucceededAndRedeliveredAfterAnError() throws Exception {
        ScriptDir scripts = new ScriptDir(dir);
        scripts.write("svc/calc.lua", SCRIPT);
        String services = "  - {name: calc, entry: " + dir.resolve("svc/calc.lua") + ", byteCodeExpires: 0s}\n";
        try (RedisServer redis = RedisServer.launch();
             ServiceNodeHarness node = ServiceNodeHarness.start(scripts, services, "", "", "redis.uri=" + redis.uri());
             WsClient out = node.subscriber("out")) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().xadd("engine:in", "v", "a");
                assertEquals("engine:in a", out.nextText());
                c.sync().xadd("engine:in", "v", "b", "fail", "1");
                assertEquals("engine:in b", out.nextText()); // after the failed first try, read again from pending
                Eventually.until("nothing left pending", () -> c.sync().xpending("engine:in", "calc").getCount() == 0);
            } finally {
                client.shutdown();
            }
        }
    }
}

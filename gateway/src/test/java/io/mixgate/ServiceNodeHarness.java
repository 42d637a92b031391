package io.mixgate;

import io.mixgate.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real node on free ports from the shipped config with its {@code services: []}, {@code routes: []}
 * and {@code users: []} lines replaced, its first server running {@code server.lua} of {@code dir}:
 * {@code every:ms}, {@code after:ms}, {@code failing:ms}, {@code cancel:ms} start timers, {@code work:} runs
 * a guarded callback (a timer or message callback that finds another one running sends "OVERLAP"),
 * anything else subscribes the client to that channel (answering "ok").
 */
final class ServiceNodeHarness implements AutoCloseable {
    static final String SERVER = """
            local function guarded(c, what)
              if c:context_value("busy") then c:send("OVERLAP") end
              c:set_context_value("busy", true)
              local x = 0
              for i = 1, 20000 do x = x + i end
              c:set_context_value("busy", nil)
              c:send(what)
            end
            function on_message(msg)
              local c = mix.websocket()
              local d = msg.data
              local cmd, arg = d:match("^(%w+):(.*)$")
              if cmd == "every" then
                local t, err = mix.timer.every(tonumber(arg), function() guarded(c, "tick") end)
                c:send(err or "started")
              elseif cmd == "after" then
                local t, err = mix.timer.after(tonumber(arg), function() c:send("after") end)
                c:send(err or "started")
              elseif cmd == "failing" then
                local t, err = mix.timer.every(tonumber(arg), function() c:send("failing"); error("timer boom") end)
                c:send(err or "started")
              elseif cmd == "cancel" then
                local t = mix.timer.every(tonumber(arg), function() c:send("cancelled timer ran") end)
                t:cancel()
                c:send(t:active() and "still active" or "cancelled")
              elseif cmd == "work" then
                guarded(c, "worked")
              else
                local err = c:subscribe(d)
                c:send(err or "ok")
              end
            end
            """;


    final Gateway gateway;

    private ServiceNodeHarness(Gateway gateway) {
        this.gateway = gateway;
    }

    static ServiceNodeHarness start(ScriptDir dir, String services, String routes, String users, String... overrides)
            throws Exception {
        dir.write("server.lua", SERVER);
        String yaml = Files.readString(Path.of("config/gateway.yaml"));
        yaml = replace(yaml, "services: []", "services:\n" + services.stripTrailing());
        yaml = replace(yaml, "routes: []", routes.isEmpty() ? "routes: []" : "routes:\n" + routes.stripTrailing());
        yaml = replace(yaml, "  users: []", users.isEmpty() ? "  users: []" : "  users:\n" + users.stripTrailing());
        Path file = Files.createTempFile("mixgate-services-", ".yaml");
        Files.writeString(file, yaml);
        List<String> all = new ArrayList<>(List.of("servers[0].port=0", "apiServer.port=0", "servers[0].bind=127.0.0.1",
                "apiServer.bind=127.0.0.1", "servers[0].entry=" + dir.root.resolve("server.lua"),
                "servers[0].rateLimit.messagesPerSecond=0"));
        all.addAll(Arrays.asList(overrides));
        try {
            return new ServiceNodeHarness(Gateway.start(ConfigLoader.load(file, all), Clock.systemUTC()));
        } finally {
            Files.delete(file);
        }
    }

    private static String replace(String yaml, String line, String replacement) {
        String out = yaml.replaceFirst("(?m)^" + java.util.regex.Pattern.quote(line) + ".*$",
                java.util.regex.Matcher.quoteReplacement(replacement));
        if (out.equals(yaml)) {
            throw new IllegalStateException("config/gateway.yaml has no line '" + line + "'");
        }
        return out;
    }

    WsClient client() {
        return WsClient.connect(URI.create("ws://127.0.0.1:" + gateway.serverPort(0) + "/exchange-stream"));
    }

    /**
     * A client subscribed to {@code channel}. A message of the channel may overtake the script's
     * "ok" (it is subscribed before it answers): those are skipped, up to ten of them.
     */
    WsClient subscriber(String channel) throws InterruptedException {
        WsClient c = client();
        c.send(channel);
        List<String> before = new ArrayList<>();
        for (String answer = c.nextText(); !answer.equals("ok"); answer = c.nextText()) {
            before.add(answer);
            if (before.size() > 10) {
                throw new IllegalStateException("subscribe " + channel + ": no ok, got " + before);
            }
        }
        return c;
    }

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + gateway.apiPort() + path);
    }

    @Override
    public void close() {
        gateway.close();
    }
}

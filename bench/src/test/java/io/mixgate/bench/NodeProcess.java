package io.mixgate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real mixgate node for the smoke test: {@code gateway/target/mixgate.jar} (built earlier in the
 * same reactor) in its own JVM on free loopback ports, so the bench measures it through /proc as
 * it measures a node in a real run. Ports are read from its log.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern WS = Pattern.compile("websocket server listening on [^:]+:(\\d+)/");
    private static final Pattern API = Pattern.compile("(?i)api server listening on [^:]+:(\\d+)");

    private final Process process;
    final int wsPort;
    final int apiPort;

    NodeProcess(String authUrl, String... overrides) throws IOException, InterruptedException {
        Path jar = Path.of("gateway/target/mixgate.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build the gateway module first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--config", "config/gateway.yaml",
                "--set", "servers[0].port=0", "--set", "servers[0].bind=127.0.0.1",
                "--set", "apiServer.port=0", "--set", "apiServer.bind=127.0.0.1",
                "--set", "servers[0].options.auth_url=" + authUrl));
        for (String override : overrides) {
            command.add("--set");
            command.add(override);
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Integer> ws = new CompletableFuture<>();
        CompletableFuture<Integer> api = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher m = WS.matcher(line);
                    if (m.find()) {
                        ws.complete(Integer.parseInt(m.group(1)));
                    }
                    m = API.matcher(line);
                    if (m.find()) {
                        api.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the node stopped
            }
            ws.completeExceptionally(new IllegalStateException("the node exited before listening"));
            api.completeExceptionally(new IllegalStateException("the node exited before listening"));
        }, "node-log");
        reader.setDaemon(true);
        reader.start();
        try {
            wsPort = ws.get(60, TimeUnit.SECONDS);
            apiPort = api.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the node did not start", e);
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}

package io.mixgate;

import io.mixgate.config.ConfigException;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.GatewayConfig;
import io.mixgate.script.ScriptException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mixgate} command: runs a node (SIGTERM drains it, see {@link DrainSignal}; Ctrl-C closes
 * it at once), checks a config or prints the defaults. Exit codes: 0 done, 1 the node could not start
 * (a port in use, Redis unreachable, a missing entry script: one line naming the key), 2 a bad command
 * line or config.
 */
public final class Main {
    /** The default config with its comments, copied from config/gateway.yaml at build time. */
    static final String DEFAULTS_RESOURCE = "/io/mixgate/defaults/gateway.yaml";

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mixgate: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        Map<String, String> env = System.getenv();
        switch (cli.command()) {
            case HELP -> System.out.println(CommandLine.USAGE);
            case DEFAULTS -> System.exit(printDefaults(System.out));
            case CENTER -> {
                System.err.println("mixgate: " + CENTER_MESSAGE);
                System.exit(2);
            }
            case CHECK -> System.exit(check(cli, env, System.out));
            case RUN -> run(cli, env);
        }
    }

    static final String CENTER_MESSAGE = "there is no center to run: mixgate's nodes find each other through Redis."
            + " Start every node with mixgate single -f FILE (or engine) and point them all at the same Redis:"
            + " redis.uri: redis://host:6379 in the file, MIXGATE_REDIS_URI=redis://host:6379 or --set redis.uri=...";

    /** Prints every problem of the config, or that it is valid; returns the exit code. */
    static int check(CommandLine cli, Map<String, String> env, PrintStream out) {
        List<String> problems = ConfigLoader.check(cli.config(), env, cli.overrides());
        if (problems.isEmpty()) {
            out.println(cli.config() + ": ok");
            return 0;
        }
        for (String problem : problems) {
            out.println(problem);
        }
        out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        return 2;
    }

    /** Prints config/gateway.yaml as packed in the jar; returns the exit code. */
    static int printDefaults(PrintStream out) {
        try (InputStream in = Main.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                System.err.println("mixgate: this build has no " + DEFAULTS_RESOURCE);
                return 1;
            }
            out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            out.flush();
            return 0;
        } catch (IOException e) {
            System.err.println("mixgate: cannot read the defaults: " + e.getMessage());
            return 1;
        }
    }

    private static void run(CommandLine cli, Map<String, String> env) throws InterruptedException {
        GatewayConfig config;
        try {
            config = ConfigLoader.load(cli.config(), env, cli.overrides());
        } catch (ConfigException e) {
            System.err.println("mixgate: bad config: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogFormat.apply(config.logging().json());
        LogLevels.apply(config.logging().level());
        Gateway gateway;
        try {
            gateway = Gateway.start(config, Clock.systemUTC());
        } catch (ScriptException | StartException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            log.error("cannot start: {}", e.toString(), e);
            System.exit(1);
            return;
        }
        gateway.watchConfig(cli.config(), env, cli.overrides());
        ReloadSignal.install(gateway);
        DrainSignal.install(gateway, config.drain().timeout());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            gateway.close();
            stopped.countDown();
        }, "mixgate-shutdown"));
        stopped.await();
    }
}

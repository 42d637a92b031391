package io.mixgate;

import io.mixgate.config.ConfigException;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.GatewayConfig;
import io.mixgate.script.ScriptException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node from the command line; SIGTERM drains it ({@link DrainSignal}), Ctrl-C closes it
 * at once.
 */
public final class Main {
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
        if (cli.help()) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        GatewayConfig config;
        try {
            config = ConfigLoader.load(cli.config(), cli.overrides());
        } catch (ConfigException e) {
            System.err.println("mixgate: bad config: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogLevels.apply(config.logging().level());
        Gateway gateway;
        try {
            gateway = Gateway.start(config, Clock.systemUTC());
        } catch (ScriptException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            log.error("cannot start: {}", e.toString(), e);
            System.exit(1);
            return;
        }
        gateway.watchConfig(cli.config(), cli.overrides());
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

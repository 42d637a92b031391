package io.mixgate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The node's command line. Both forms work:
 * <ul>
 *   <li>mixgate's: {@code --config FILE [--set key.path=value ...]} (runs a node);</li>
 *   <li>CONNMIX's: {@code dev|single|engine -f connmix.yaml} (runs a node; the three are the same
 *       for mixgate), {@code center} (answered with a message: mixgate uses Redis instead),
 *       plus mixgate's {@code check -f FILE} and {@code defaults}.</li>
 * </ul>
 * Immutable.
 *
 * @param command   what to do
 * @param config    the YAML config
 * @param overrides the {@code --set} overrides, in order; unmodifiable
 */
record CommandLine(Command command, Path config, List<String> overrides) {

    /** What the command line asks for. */
    enum Command {
        /** Run a node (no command, or CONNMIX's dev, single, engine). */
        RUN,
        /** CONNMIX's center: mixgate has none. */
        CENTER,
        /** Validate the config and print every problem. */
        CHECK,
        /** Print the default config with its comments. */
        DEFAULTS,
        /** Print the usage. */
        HELP
    }

    static final String USAGE = """
            usage: mixgate [dev|single|engine] [-f FILE] [--set key.path=value ...]   run a node
                   mixgate check [-f FILE] [--set key.path=value ...]                print every problem of a config; exit 0 if none, 2 if any
                   mixgate defaults                                                   print the default config, with comments
              -f FILE, --config FILE   the YAML config: mixgate's layout or a CONNMIX connmix.yaml (default: config/gateway.yaml)
              --set key.path=value     override one config value, e.g. --set servers[0].port=7000 --set redis.uri=redis://redis:6379
              --help                   print this and exit
            dev, single and engine all run one node (mixgate has no center: nodes meet in Redis, see redis.uri).
            Every key can also come from the environment: MIXGATE_SERVERS_0_PORT=7000, MIXGATE_REDIS_URI=...
            (applied after the file, before --set).""";

    static CommandLine parse(String[] args) {
        Command command = Command.RUN;
        Path config = Path.of("config/gateway.yaml");
        List<String> overrides = new ArrayList<>();
        int start = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            command = switch (args[0].toLowerCase(Locale.ROOT)) {
                case "dev", "single", "engine", "run" -> Command.RUN;
                case "center" -> Command.CENTER;
                case "check" -> Command.CHECK;
                case "defaults" -> Command.DEFAULTS;
                case "help" -> Command.HELP;
                default -> throw new IllegalArgumentException("unknown command: " + args[0]
                        + " (expected: dev, single, engine, check, defaults or an option)");
            };
            start = 1;
        }
        for (int i = start; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config", "-f" -> config = Path.of(value(args, ++i, arg));
                case "--set" -> overrides.add(value(args, ++i, arg));
                // CONNMIX's -p CPUS: the node uses every core the JVM sees; accepted so its scripts keep working
                case "-p" -> value(args, ++i, arg);
                case "--help", "-h" -> {
                    return new CommandLine(Command.HELP, config, List.copyOf(overrides));
                }
                default -> {
                    if (arg.startsWith("--set=")) {
                        overrides.add(arg.substring("--set=".length()));
                    } else if (arg.startsWith("--config=")) {
                        config = Path.of(arg.substring("--config=".length()));
                    } else {
                        throw new IllegalArgumentException("unknown argument: " + arg);
                    }
                }
            }
        }
        return new CommandLine(command, config, List.copyOf(overrides));
    }

    /** Whether the usage was asked for (kept for callers of the earlier form). */
    boolean help() {
        return command == Command.HELP;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}

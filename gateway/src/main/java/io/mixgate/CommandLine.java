package io.mixgate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's command line: {@code --config FILE} (or CONNMIX's {@code -f FILE}) and any number
 * of {@code --set key.path=value} overrides.
 */
record CommandLine(Path config, List<String> overrides, boolean help) {
    static final String USAGE = """
            usage: java -jar mixgate.jar --config config/gateway.yaml [--set key.path=value ...]
              --config FILE, -f FILE   the YAML config (default: config/gateway.yaml)
              --set key.path=value     override one config value, e.g. --set servers[0].port=7000
                                       --set apiServer.port=7001 --set demoAuth.enabled=true
              --help                   print this and exit""";

    static CommandLine parse(String[] args) {
        Path config = Path.of("config/gateway.yaml");
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config", "-f" -> config = Path.of(value(args, ++i, arg));
                case "--set" -> overrides.add(value(args, ++i, arg));
                case "--help", "-h" -> {
                    return new CommandLine(config, overrides, true);
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
        return new CommandLine(config, List.copyOf(overrides), false);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}

package io.mixgate.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The load tool's command line. Loopback targets only; every loop is bounded in count and time.
 * <pre>
 *   run   --scenario fanout|private|connect|publish|publish-batch|publish-ws|upstream|market --target mixgate|nchan
 *         [--ws 127.0.0.1:6790] [--http 127.0.0.1:6789] [--pid PID] [--auth-pid PID] [--n N] [--rate R] [--seconds T] ...
 *         prints one JSON line of figures
 *   auth  --port P [--seconds S]     serves the auth callback (token "u&lt;N&gt;" is uid N) until killed or S pass
 *   table FILE                       prints the JSON lines of FILE as a side-by-side table
 *   targets FILE                     says which of the targets a full run met, with its figures
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "run" -> System.out.println(run(BenchOptions.parse(args, 1)));
            case "auth" -> auth(args);
            case "table" -> System.out.print(ReportTable.render(Path.of(args[1])));
            case "targets" -> System.out.print(TargetCheck.render(Path.of(args[1])));
            default -> {
                System.err.println("usage: BenchMain run --scenario S --target T [options] | auth --port P | table FILE | targets FILE");
                System.exit(2);
            }
        }
    }

    /** Runs one scenario against one target and returns its figures. */
    static Result run(BenchOptions o) throws InterruptedException {
        Target target = o.newTarget();
        Probes probes = Probes.of(o);
        try (ClientLoops loops = new ClientLoops(o.threads(), o.sources())) {
            Result result = switch (o.scenario()) {
                case "fanout", "private" -> FanoutScenario.run(o, target, probes, loops);
                case "connect" -> ConnectScenario.run(o, target, probes, loops);
                case "publish", "publish-batch" -> PublishScenario.run(o, target, probes, loops);
                case "publish-ws" -> WsPublishScenario.run(o, target, probes, loops);
                case "upstream" -> UpstreamScenario.run(o, target, probes, loops);
                case "market" -> MarketScenario.run(o, probes);
                default -> throw new IllegalArgumentException("unknown scenario: " + o.scenario());
            };
            return result.put("client_transport", loops.transportName());
        }
    }

    private static void auth(String[] args) throws Exception {
        int port = Integer.parseInt(value(args, "--port", "8000"));
        double seconds = Double.parseDouble(value(args, "--seconds", "7200"));
        try (AuthEndpoint endpoint = new AuthEndpoint(port)) {
            System.out.println("auth endpoint " + endpoint.url());
            new CountDownLatch(1).await(Math.round(seconds * 1000), TimeUnit.MILLISECONDS);
        }
    }

    private static String value(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }
}

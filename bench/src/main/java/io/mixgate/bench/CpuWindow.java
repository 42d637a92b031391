package io.mixgate.bench;

/**
 * CPU seconds spent over one measured window by the server, by the load tool itself and by the
 * bench's auth endpoint. The tool shares the machine's cores with the server, so its own cost per
 * request or connection says how much of the machine the measurement itself took. Not thread-safe.
 */
final class CpuWindow {
    private final ServerProbe server;
    private final ServerProbe client;
    private final ServerProbe auth;
    private final double server0;
    private final double client0;
    private final double auth0;
    private double serverSeconds = Double.NaN;
    private double clientSeconds = Double.NaN;
    private double authSeconds = Double.NaN;

    /** Opens a window now. */
    CpuWindow(Probes probes) {
        this.server = probes.server();
        this.client = probes.client();
        this.auth = probes.auth();
        this.server0 = server.cpuSeconds();
        this.client0 = client.cpuSeconds();
        this.auth0 = auth.cpuSeconds();
    }

    /** Closes the window now; later calls move its end. */
    CpuWindow end() {
        serverSeconds = server.cpuSeconds() - server0;
        clientSeconds = client.cpuSeconds() - client0;
        authSeconds = auth.cpuSeconds() - auth0;
        return this;
    }

    double serverSeconds() {
        return serverSeconds;
    }

    /** Puts server_cpu_s (when a server is watched), client_cpu_s and auth_cpu_s (when an auth endpoint is watched). */
    void report(Result result) {
        if (server.enabled()) {
            result.put("server_cpu_s", serverSeconds);
        }
        result.put("client_cpu_s", clientSeconds);
        if (auth.enabled()) {
            result.put("auth_cpu_s", authSeconds);
        }
    }

    /** Puts server_us_per_UNIT, client_us_per_UNIT and auth_us_per_UNIT: each process's CPU microseconds per unit of work. */
    void reportPer(Result result, String unit, long count) {
        if (server.enabled()) {
            result.put("server_us_per_" + unit, perUnit(serverSeconds, count));
        }
        result.put("client_us_per_" + unit, perUnit(clientSeconds, count));
        if (auth.enabled()) {
            result.put("auth_us_per_" + unit, perUnit(authSeconds, count));
        }
    }

    private static double perUnit(double seconds, long count) {
        return count == 0 ? Double.NaN : seconds * 1e6 / count;
    }
}

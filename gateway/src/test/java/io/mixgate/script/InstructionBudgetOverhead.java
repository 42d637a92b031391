package io.mixgate.script;

import io.mixgate.http.JdkScriptHttpClient;
import io.mixgate.pubsub.SubscriptionIndex;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * What the instruction budget costs: runs the same CPU-bound Lua (arithmetic, table and string
 * work, calls) in the sandbox's globals with the budget hook and with {@code debuglib} unset, and
 * prints the time per run of each. Not a test: prints figures (see README, "Limits").
 *
 * <p>Run: {@code java -cp <test classpath> io.mixgate.script.InstructionBudgetOverhead}
 */
public final class InstructionBudgetOverhead {
    private static final String SOURCE = """
            local function handler(n)
                local t, s = {}, 0
                for i = 1, n do
                    t[i] = i * 2
                    s = s + t[i] % 7
                end
                local parts = {}
                for i = 1, 50 do parts[#parts + 1] = string.format("%d:%d", i, s) end
                return #table.concat(parts, ","), s
            end
            return handler
            """;

    private InstructionBudgetOverhead() {
    }

    public static void main(String[] args) throws Exception {
        ScriptServices services = new ScriptServices(new SubscriptionIndex(), null, new JdkScriptHttpClient(HttpClient.newHttpClient()),
                Duration.ofSeconds(1), Map.of(), 10, name -> null);
        // the time budget is an hour so that the rounds below, one budget for all, are not aborted
        LuaGlobalsFactory factory = new LuaGlobalsFactory(services, new io.mixgate.config.ScriptConfig(1,
                Duration.ofSeconds(1), 2_000_000_000, 100, Duration.ofHours(1), 16L << 20, Long.MAX_VALUE,
                Duration.ofSeconds(5)));
        ScriptBundle bundle = ScriptBundle.compile(new ScriptSources(
                Map.of("bench.lua", SOURCE.getBytes(StandardCharsets.UTF_8)), "-"), "bench.lua", "");
        InstructionBudget budget = factory.newBudget();
        Globals hooked = factory.create(new CallScope("bench", budget.callBudget()), bundle, budget);
        InstructionBudget unused = factory.newBudget();
        Globals plain = factory.create(new CallScope("bench", unused.callBudget()), bundle, unused);
        plain.debuglib = null;
        LuaValue withHook = hooked.load(SOURCE, "bench").call();
        LuaValue withoutHook = plain.load(SOURCE, "bench").call();
        budget.reset();
        unused.reset();
        withHook.call(LuaValue.valueOf(1000));
        long perRun = budget.used();
        budget.reset();
        int rounds = 15;
        double[] without = new double[rounds];
        double[] with = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            without[round] = time(withoutHook);
            with[round] = time(withHook);
        }
        java.util.Arrays.sort(without);
        java.util.Arrays.sort(with);
        double a = without[rounds / 2];
        double b = with[rounds / 2];
        System.out.printf("median of %d rounds: without hook %.1f us/run, with budget hook %.1f us/run (%+.1f%%), "
                + "%d instructions/run (%.1f ns/instruction with the hook)%n",
                rounds, a / 1000, b / 1000, (b - a) / a * 100, perRun, b / perRun);
    }

    /** Nanoseconds per call, over enough calls to take about a second. */
    private static double time(LuaValue handler) {
        LuaValue n = LuaValue.valueOf(1000);
        int runs = 5_000;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            handler.call(n);
        }
        return (System.nanoTime() - start) / (double) runs;
    }
}

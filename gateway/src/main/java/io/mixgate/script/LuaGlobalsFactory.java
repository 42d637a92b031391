package io.mixgate.script;

import io.mixgate.config.ScriptConfig;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the globals of one Lua VM: the standard library a CONNMIX script expects (Lua 5.1
 * names on top of LuaJ's 5.2), cut down by {@link LuaSandbox}, with files loaded only from the
 * version's {@link ScriptBundle}, a per-VM {@code string} table behind the shared read-only
 * string metatable ({@link StringMetatable}), an {@link InstructionBudget} and a
 * {@link CallBudget} that the long-running built-ins check ({@link BoundedStringLib},
 * {@link BoundedTableLib}, JSON, {@link BlockingCalls}), {@link StackOverflowGuard}, a
 * {@link CoroutineLimit} shared by all VMs of the server, the {@code mix}
 * table and the {@code conn} methods.
 *
 * <p>Thread-safe: each call builds independent globals.
 */
final class LuaGlobalsFactory {
    private static final Logger scriptLog = LoggerFactory.getLogger("mixgate.script");
    /** An {@code xpcall}-style handler that keeps a message as it is, see {@link #create}. */
    private static final LuaValue KEEP_MESSAGE = NamedFunction.of("message", args -> args.arg1());

    private final ScriptServices services;
    private final MixHttpLib http;
    private final ScriptConfig config;
    private final CoroutineLimit coroutines;
    private final ScriptTimers timers;
    private volatile MixTimerLib.ScriptErrorSink timerErrors = (callback, client, message) -> { };

    /** @param config the budgets and limits of every callback (the VM count is not read here) */
    LuaGlobalsFactory(ScriptServices services, ScriptConfig config) {
        this.services = services;
        this.http = new MixHttpLib(services.http(), services.httpTimeout());
        this.config = config;
        this.coroutines = new CoroutineLimit(config.maxCoroutines(), KEEP_MESSAGE);
        this.timers = new ScriptTimers(services.timers());
    }

    /** The timers of every VM this factory makes (one script's). */
    ScriptTimers timers() {
        return timers;
    }

    /** Where connection timers' failures are recorded; set once by the script host. */
    void timerErrors(MixTimerLib.ScriptErrorSink sink) {
        this.timerErrors = sink;
    }

    /** The default time and size budgets, with {@code instructionBudget} and {@code maxCoroutines}. */
    LuaGlobalsFactory(ScriptServices services, int instructionBudget, int maxCoroutines) {
        this(services, new ScriptConfig(1, services.httpTimeout(), instructionBudget, maxCoroutines));
    }

    /** A fresh budget of the configured size, for one VM. */
    InstructionBudget newBudget() {
        return new InstructionBudget(config.instructionBudget(), new CallBudget(config.cpuBudget().toNanos(),
                config.maxStringBytes(), config.maxCallbackBytes()));
    }

    Globals create(CallScope scope, ScriptBundle bundle, InstructionBudget budget) {
        Globals g = new Globals();
        g.load(new JseBaseLib());
        g.load(new PackageLib());
        g.load(new Bit32Lib());
        g.load(new TableLib());
        StringMetatable.install(g);
        g.load(new CoroutineLib());
        coroutines.install(g);
        g.load(new JseMathLib());
        g.load(new JseOsLib());
        LoadState.install(g);
        LuaC.install(g);
        new ChunkLoader(bundle).install(g);
        g.get("package").set("path", LuaValue.valueOf("?.lua;?/init.lua"));
        LuaSandbox.apply(g);
        Lua51Compat.install(g);
        BitLib.install(g);
        BoundedStringLib.install(g.get("string").checktable(), budget.callBudget());
        BoundedTableLib.install(g, g.get("table").checktable(), budget.callBudget());
        StackOverflowGuard.install(g, budget);

        LuaTable mix = new LuaTable();
        MixCodecLib.install(mix, budget.callBudget());
        MixPhpPackLib.install(mix, budget.callBudget());
        MixHmacLib.install(mix);
        MixMarketLib.install(mix);
        MixCandlesLib.install(mix, services.candles());
        MixLogLib.install(mix, g, scriptLog, scope::describe);
        http.install(mix);
        MixMeshLib.install(mix, services.mesh());
        MixRedisLib.install(mix, services.redis());
        MixQueueLib.install(mix, services.queues(), scope);
        ConnectionLib.install(mix, scope, services);
        MixTimerLib.install(mix, scope, timers, (callback, client, message) -> timerErrors.add(callback, client, message));
        BlockingCalls.exclude(mix, budget.callBudget());
        g.set("mix", mix);

        // With a debuglib set, LuaJ appends a traceback to every runtime error message unless the
        // running thread has an error handler; this one keeps messages exactly as without hooks.
        g.running.errorfunc = KEEP_MESSAGE;
        budget.install(g);
        return g;
    }
}

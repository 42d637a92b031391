package io.mixgate.script;

import io.mixgate.config.ScriptConfig;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.session.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lua side of one {@code services[]} entry: a script that runs without a client. Unlike a
 * server's script, a service runs on ONE VM per version, held from {@link #begin} to {@link #end},
 * so its module-level state (order books, candles) lives across callbacks; every call here must
 * come from the service's lane (one at a time), which is also where its timers run.
 *
 * <p>Callbacks: {@code on_start(svc)}, {@code on_stop(svc)}, {@code on_message(svc, channel, data)},
 * {@code on_stream(svc, key, entries)}, {@code on_channel_wanted(svc, channel)},
 * {@code on_channel_unwanted(svc, channel)}, and route functions {@code fn(req)} returning
 * {@code status, body[, headers]}. A Lua error is logged with script and line, recorded in the
 * node's recent script errors and changes nothing else. A callback that runs past its budget
 * discards the VM (its state may be half-updated): the owner is told ({@code aborted}) and
 * restarts the service on a fresh VM.
 *
 * <p>Thread safety: {@link #versions()} is thread-safe; everything else is lane-only.
 */
public final class ServiceScript {
    private static final Logger log = LoggerFactory.getLogger(ServiceScript.class);
    private static final RateLimitedLog failures = new RateLimitedLog(log::warn);

    /** What {@code svc:*} asks of the node. Each returns null on success or an error message. Thread-safe. */
    public interface Actions {
        String subscribe(String channel);

        String unsubscribe(String channel);

        String consumeStream(String key, String group, String consumer, int batch);

        String watchInterest(String pattern);
    }

    /**
     * How a callback went.
     *
     * @param missing the script defines no such function
     * @param error   null when it ran to its end
     */
    public record Outcome(boolean missing, String error, Varargs values) {
        static final Outcome MISSING = new Outcome(true, null, LuaValue.NONE);

        public boolean ok() {
            return !missing && error == null;
        }
    }

    /** One Redis Stream entry for {@code on_stream}: its id and its fields. */
    public record StreamEntry(String id, Map<String, String> fields) {
    }

    private final String name;
    private final ScriptVersions versions;
    private final LuaGlobalsFactory factory;
    private final ScriptErrorLog.Server errors;
    private Instance instance; // lane-only

    private ServiceScript(String name, ScriptVersions versions, LuaGlobalsFactory factory, ScriptErrorLog.Server errors) {
        this.name = name;
        this.versions = versions;
        this.factory = factory;
        this.errors = errors;
    }

    /** Compiles the scripts folder of {@code entry} and loads it once, so a broken script stops the start. */
    public static ServiceScript start(String name, Path entry, String entryName, ScriptConfig config,
                                      ScriptServices services, ScriptStallWatch stalls, ScriptErrorLog.Server errors)
            throws ScriptException {
        LuaGlobalsFactory factory = new LuaGlobalsFactory(services, config);
        // one VM per version, plus one while a reload hands over
        return new ServiceScript(name, ScriptVersions.start(entry, entryName, factory, 2, stalls), factory, errors);
    }

    public ScriptVersions versions() {
        return versions;
    }

    /** The running version's id, or 0 when stopped. Lane-only. */
    public long runningVersion() {
        return instance == null ? 0 : instance.version.id();
    }

    /** Live timers of the running version. */
    public int timerCount() {
        Instance i = instance;
        return i == null ? 0 : factory.timers().count(i);
    }

    /**
     * Starts the current version: takes its VM and runs {@code on_start(svc)}. Lane-only.
     *
     * @param lane    the service's lane, where its timers run
     * @param aborted run (from the lane) when a callback of this version ran past its budget
     */
    public Outcome begin(Actions actions, Executor lane, Runnable aborted) throws InterruptedException {
        ScriptVersion version = versions.current();
        LuaVm vm;
        try {
            vm = version.pool().borrow();
        } catch (LuaError | InstructionBudget.BudgetExceeded | StackOverflowError e) {
            failures.log("service {}: cannot start a Lua VM: {}", name, e.getMessage());
            return new Outcome(false, "cannot start a Lua VM: " + e.getMessage(), LuaValue.NONE);
        }
        vm.unlock(); // the lane's threads take it per callback
        instance = new Instance(version, vm, actions, lane, aborted);
        return call("on_start");
    }

    /** Runs {@code on_stop(svc)} (unless the VM was discarded), ends the version's timers, gives its VM back. Lane-only. */
    public void end() {
        Instance i = instance;
        if (i == null) {
            return;
        }
        if (!i.vm.isDead()) {
            call("on_stop");
        }
        i.running = false;
        factory.timers().cancelAll(i);
        instance = null;
        i.vm.lock();
        if (i.vm.isDead()) {
            i.version.pool().discard(i.vm);
        } else {
            i.version.pool().giveBack(i.vm);
        }
    }

    /** Whether the running version's VM was discarded after a callback ran past its budget (a restart is due). */
    public boolean aborted() {
        Instance i = instance;
        return i != null && i.vm.isDead();
    }

    /** {@code on_message(svc, channel, data)}. Lane-only. */
    public Outcome message(String channel, byte[] data) {
        return call("on_message", LuaValue.valueOf(channel), LuaString.valueUsing(data));
    }

    /** {@code on_stream(svc, key, entries)}, entries a list of {@code {id=…, fields={…}}}. Lane-only. */
    public Outcome stream(String key, List<StreamEntry> entries) {
        LuaTable list = new LuaTable();
        for (int n = 0; n < entries.size(); n++) {
            LuaTable entry = new LuaTable();
            entry.set("id", entries.get(n).id());
            LuaTable fields = new LuaTable();
            entries.get(n).fields().forEach(fields::set);
            entry.set("fields", fields);
            list.set(n + 1, entry);
        }
        return call("on_stream", LuaValue.valueOf(key), list);
    }

    /** {@code on_channel_wanted} / {@code on_channel_unwanted(svc, channel)}. Lane-only. */
    public Outcome interest(String channel, boolean wanted) {
        return call(wanted ? "on_channel_wanted" : "on_channel_unwanted", LuaValue.valueOf(channel));
    }

    /**
     * A route function: {@code fn(req)} (no svc), see {@link ServiceRouteCall}. Lane-only.
     *
     * @throws io.mixgate.api.ScriptRoutes.RouteFailedException when the function failed or answered nonsense
     */
    public io.mixgate.api.ScriptRoutes.Response route(String function, io.mixgate.api.ScriptRoutes.Request request) {
        Outcome out = callPlain(function, ServiceRouteCall.toLua(request));
        return ServiceRouteCall.reply(function, out);
    }

    private Outcome call(String callback, LuaValue... args) {
        Instance i = instance;
        if (i == null) {
            return new Outcome(false, "service " + name + " is not running", LuaValue.NONE);
        }
        LuaValue[] all = new LuaValue[args.length + 1];
        all[0] = i.svc;
        System.arraycopy(args, 0, all, 1, args.length);
        return callPlain(callback, all);
    }

    private Outcome callPlain(String callback, LuaValue... args) {
        Instance i = instance;
        if (i == null) {
            return new Outcome(false, "service " + name + " is not running", LuaValue.NONE);
        }
        String script = i.version.bundle().entry().name();
        LuaVm vm = i.vm;
        if (!vm.lockIfAlive()) {
            return new Outcome(false, "service " + name + " is restarting", LuaValue.NONE);
        }
        try {
            LuaValue f = vm.callback(callback);
            if (f == null) {
                return Outcome.MISSING;
            }
            vm.enter(null, i);
            return new Outcome(false, null, f.invoke(LuaValue.varargsOf(args)));
        } catch (LuaError e) {
            failures.log("script error in {} {} service={}: {}", script, callback, name, e.getMessage());
            errors.add(script, callback, 0, e.getMessage());
            return new Outcome(false, e.getMessage(), LuaValue.NONE);
        } catch (InstructionBudget.BudgetExceeded e) {
            return aborted(i, script, callback, e.where() + " aborted: " + e.getMessage());
        } catch (StackOverflowError | OutOfMemoryError e) {
            return aborted(i, script, callback, vm.where() + " aborted: " + e);
        } finally {
            vm.leave();
            vm.unlock();
        }
    }

    private Outcome aborted(Instance i, String script, String callback, String message) {
        i.vm.kill();
        failures.log("script {} {} service={}: {} (the service restarts on a fresh VM)", script, callback, name, message);
        errors.add(script, callback, 0, message);
        i.lane.execute(i.aborted);
        return new Outcome(false, message, LuaValue.NONE);
    }

    /** One started version: its VM, its svc table and the owner of its timers. */
    private final class Instance implements ScriptTimers.Owner {
        final ScriptVersion version;
        final LuaVm vm;
        final Executor lane;
        final Runnable aborted;
        final LuaTable svc;
        volatile boolean running = true;

        Instance(ScriptVersion version, LuaVm vm, Actions actions, Executor lane, Runnable aborted) {
            this.version = version;
            this.vm = vm;
            this.lane = lane;
            this.aborted = aborted;
            this.svc = ServiceLib.table(name, actions);
        }

        @Override
        public Object key() {
            return this;
        }

        @Override
        public int maxTimers() {
            return factory.timers().limits().maxPerService();
        }

        @Override
        public String limitKey() {
            return "timers.maxPerService";
        }

        @Override
        public void submit(Runnable task) {
            lane.execute(task);
        }

        @Override
        public boolean alive() {
            return running && !vm.isDead();
        }

        @Override
        public Session session() {
            return null;
        }

        @Override
        public String describe() {
            return "service=" + name;
        }

        @Override
        public void failed(String message, boolean abortedNow) {
            errors.add(version.bundle().entry().name(), "timer", 0, message);
            if (abortedNow) {
                lane.execute(aborted);
            }
        }
    }
}

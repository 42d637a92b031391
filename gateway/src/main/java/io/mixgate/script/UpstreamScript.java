package io.mixgate.script;

import io.mixgate.config.ScriptConfig;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.upstream.ChannelMessage;
import io.mixgate.upstream.ProviderScript;
import io.mixgate.upstream.UpstreamLink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Runs one upstream's provider script (see {@link ProviderScript} for the callbacks), each call on
 * a VM borrowed from the version current when it starts, so a reload swaps versions between calls.
 * A script error, a runaway callback or a stack overflow is logged (rate-limited) with the
 * upstream's name and answered as "nothing" (null, empty, false); a VM that ran away is discarded.
 *
 * <p>Thread-safe: calls may run concurrently on different VMs.
 */
public final class UpstreamScript implements ProviderScript {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UpstreamScript.class);
    private static final RateLimitedLog failures = new RateLimitedLog(log::warn);

    private final ScriptVersions versions;
    private final String upstream;
    private final ScriptCounters counters = new ScriptCounters();

    private UpstreamScript(ScriptVersions versions, String upstream) {
        this.versions = versions;
        this.upstream = upstream;
    }

    /** Compiles the scripts folder of {@code entry} and loads it once, so a broken script stops the start. */
    public static UpstreamScript start(String upstream, Path entry, String entryName, ScriptConfig config,
                                       ScriptServices services, ScriptStallWatch stalls) throws ScriptException {
        LuaGlobalsFactory factory = new LuaGlobalsFactory(services, config);
        return new UpstreamScript(ScriptVersions.start(entry, entryName, factory, config.maxVms(), stalls), upstream);
    }

    /** Where reloads are asked for. */
    public ScriptVersions versions() {
        return versions;
    }

    public ScriptCounters counters() {
        return counters;
    }

    @Override
    public long version() {
        return versions.currentId();
    }

    @Override
    public String url(List<String> desired) {
        LuaTable list = new LuaTable();
        for (int i = 0; i < desired.size(); i++) {
            list.set(i + 1, LuaValue.valueOf(desired.get(i)));
        }
        LuaValue url = call("url", list);
        return url != null && url.isstring() ? url.tojstring() : null;
    }

    @Override
    public String subscriptionFor(String channel) {
        LuaValue sub = call("subscription_for", LuaValue.valueOf(channel));
        return sub != null && sub.isstring() ? sub.tojstring() : null;
    }

    @Override
    public String subscribeMessage(String subscription) {
        return frame(call("subscribe_message", LuaValue.valueOf(subscription)));
    }

    @Override
    public String unsubscribeMessage(String subscription) {
        return frame(call("unsubscribe_message", LuaValue.valueOf(subscription)));
    }

    @Override
    public boolean onOpen(UpstreamLink up) {
        return call("on_open", up) != null;
    }

    @Override
    public List<ChannelMessage> onMessage(UpstreamLink up, String message) {
        counters.messagesRead.increment();
        LuaTable msg = new LuaTable();
        msg.set("type", "text");
        msg.set("data", LuaValue.valueOf(message));
        LuaValue out = call("on_message", up, msg);
        if (out == null || !out.istable()) {
            return List.of();
        }
        List<ChannelMessage> messages = new ArrayList<>();
        if (!out.get("channel").isnil()) {
            add(messages, out);
        } else {
            for (int i = 1; !out.get(i).isnil(); i++) {
                add(messages, out.get(i));
            }
        }
        return messages;
    }

    @Override
    public String heartbeat(UpstreamLink up) {
        return frame(call("heartbeat", up));
    }

    @Override
    public void onClose(UpstreamLink up, String error) {
        call("on_close", up, error == null ? LuaValue.NIL : LuaValue.valueOf(error));
    }

    private void add(List<ChannelMessage> messages, LuaValue m) {
        LuaValue channel = m.get("channel");
        LuaValue data = m.get("data");
        if (!channel.isstring() || data.isnil()) {
            failures.log("upstream {}: on_message returned an entry without channel or data; skipped", upstream);
            return;
        }
        messages.add(new ChannelMessage(channel.tojstring(), data.istable() ? LuaJson.encode(data) : data.tojstring()));
    }

    /** A table is sent as JSON, a string verbatim, nil (or a failed call) sends nothing. */
    private String frame(LuaValue value) {
        if (value == null || value.isnil()) {
            return null;
        }
        if (value.istable()) {
            try {
                return LuaJson.encode(value);
            } catch (IllegalArgumentException e) {
                failures.log("upstream {}: cannot encode a frame as JSON: {}", upstream, e.getMessage());
                return null;
            }
        }
        return value.isstring() ? value.tojstring() : null;
    }

    /** @return the first result; null when the function is missing or failed */
    private LuaValue call(String callback, LuaValue... args) {
        return call(callback, null, args);
    }

    /** As above, with {@code up}'s table (bound to the VM's budget) before {@code args} when {@code up} is not null. */
    private LuaValue call(String callback, UpstreamLink up, LuaValue... args) {
        ScriptVersion version = versions.current();
        LuaVm vm;
        try {
            vm = version.pool().borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (LuaError | InstructionBudget.BudgetExceeded | StackOverflowError e) {
            failures.log("upstream {}: cannot start a Lua VM: {}", upstream, e.getMessage());
            return null;
        }
        boolean reusable = true;
        try {
            LuaValue f = vm.callback(callback);
            if (f == null) {
                return null;
            }
            counters.callbacks.increment();
            vm.enter(null);
            LuaValue[] all = args;
            if (up != null) {
                all = new LuaValue[args.length + 1];
                all[0] = UpTable.of(up, vm.callBudget());
                System.arraycopy(args, 0, all, 1, args.length);
            }
            Varargs out = f.invoke(LuaValue.varargsOf(all));
            return out.arg1();
        } catch (LuaError e) {
            counters.errors.increment();
            failures.log("upstream {}: script error in {}: {}", upstream, callback, e.getMessage());
            return null;
        } catch (InstructionBudget.BudgetExceeded e) {
            counters.aborts.increment();
            reusable = false;
            failures.log("upstream {}: {} aborted at {}: {}", upstream, callback, e.where(), e.getMessage());
            return null;
        } catch (StackOverflowError | OutOfMemoryError e) {
            counters.aborts.increment();
            reusable = false;
            failures.log("upstream {}: {} aborted: {}", upstream, callback, e.toString());
            return null;
        } finally {
            vm.leave();
            if (reusable) {
                version.pool().giveBack(vm);
            } else {
                version.pool().discard(vm);
            }
        }
    }
}

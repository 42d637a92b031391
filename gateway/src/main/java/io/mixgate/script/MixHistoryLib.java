package io.mixgate.script;

import io.mixgate.core.Publication;
import io.mixgate.core.StreamPosition;
import io.mixgate.pubsub.ChannelHistory;
import io.mixgate.pubsub.Envelope;
import io.mixgate.pubsub.HistoryPage;
import io.mixgate.pubsub.HistoryUnavailableException;
import io.mixgate.pubsub.RecoveryOutcome;
import io.mixgate.session.Session;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Channel history for scripts: {@code mix.history(ch, {limit = n, since = {offset = o, epoch = e}})},
 * {@code mix.current(ch)}, {@code mix.has_history(ch)} (whether a rule covers it, no I/O) and {@code conn:subscribe(ch, {since = ..., envelope = ...})}. Bad
 * arguments are answered with {@code nil, err} (or {@code err}), never raised.
 *
 * <p>Stateless; the history behind it is thread-safe.
 */
final class MixHistoryLib {
    private MixHistoryLib() {
    }

    static void install(LuaTable mix, ChannelHistory history) {
        mix.set("history", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return read(history, args);
            }
        });
        mix.set("has_history", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(history.covers(args.checkjstring(1))); // the rules only: no I/O
            }
        });
        mix.set("current", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return current(history, args.checkjstring(1));
            }
        });
    }

    /** {@code result, err}: result = {recovered, offset, epoch, publications = {{offset, data, type}...}}. */
    private static Varargs read(ChannelHistory history, Varargs args) {
        String channel = args.checkjstring(1);
        LuaValue options = args.arg(2);
        int limit = Integer.MAX_VALUE;
        StreamPosition since = null;
        if (!options.isnil()) {
            if (!options.istable()) {
                return error("mix.history: options must be a table");
            }
            LuaValue l = options.get("limit");
            if (!l.isnil()) {
                if (!l.isnumber() || l.todouble() != Math.floor(l.todouble()) || l.todouble() < 1) {
                    return error("mix.history: limit must be a positive integer");
                }
                limit = (int) Math.min(Integer.MAX_VALUE, l.todouble());
            }
            try {
                since = position(options.get("since"));
            } catch (IllegalArgumentException e) {
                return error("mix.history: " + e.getMessage());
            }
        }
        HistoryPage page;
        try {
            page = history.read(channel, since, limit);
        } catch (HistoryUnavailableException e) {
            return error(e.getMessage());
        }
        if (page == null) {
            return error("no history for channel: " + channel);
        }
        LuaTable result = new LuaTable();
        result.set("recovered", LuaValue.valueOf(page.recovered()));
        result.set("offset", LuaValue.valueOf((double) page.top().offset()));
        result.set("epoch", LuaValue.valueOf(page.top().epoch()));
        LuaTable list = new LuaTable();
        int i = 1;
        for (Publication p : page.publications()) {
            list.set(i++, publication(p, null));
        }
        result.set("publications", list);
        return result;
    }

    /** {@code pub, err}: {offset, epoch, data, type} of the latest publication, nil when there is none. */
    private static Varargs current(ChannelHistory history, String channel) {
        HistoryPage page;
        try {
            page = history.read(channel, null, 1);
        } catch (HistoryUnavailableException e) {
            return error(e.getMessage());
        }
        if (page == null) {
            return error("no history for channel: " + channel);
        }
        if (page.publications().isEmpty()) {
            return LuaValue.NIL;
        }
        return publication(page.publications().getFirst(), page.top().epoch());
    }

    private static LuaTable publication(Publication p, String epoch) {
        LuaTable t = new LuaTable();
        t.set("offset", LuaValue.valueOf((double) p.offset()));
        if (epoch != null) {
            t.set("epoch", LuaValue.valueOf(epoch));
        }
        t.set("data", LuaValue.valueOf(p.data()));
        t.set("type", LuaValue.valueOf(p.type().wireName()));
        return t;
    }

    /**
     * {@code conn:subscribe(ch, {since = {offset, epoch}, envelope = template})}: returns
     * {@code err, recovered, missed, position} where position is {offset, epoch} (nil for a channel
     * without history).
     */
    static Varargs subscribe(ChannelHistory history, Session session, String channel, LuaTable options,
                             int maxSubscriptions, int maxEnvelopeBytes) {
        StreamPosition since;
        Envelope envelope = null;
        Envelope gap = null;
        try {
            since = position(options.get("since"));
            LuaValue template = options.get("envelope");
            if (!template.isnil()) {
                if (!template.isstring() || template.isnumber()) {
                    return LuaValue.valueOf("envelope must be a string");
                }
                envelope = Envelope.compile(template.tojstring(), maxEnvelopeBytes);
            }
            LuaValue gapTemplate = options.get("gap");
            if (!gapTemplate.isnil()) {
                if (!gapTemplate.isstring() || gapTemplate.isnumber()) {
                    return LuaValue.valueOf("gap must be a string");
                }
                gap = Envelope.compile(gapTemplate.tojstring(), maxEnvelopeBytes);
            }
        } catch (IllegalArgumentException e) {
            return LuaValue.valueOf(e.getMessage());
        }
        RecoveryOutcome outcome = history.subscribe(session, channel, maxSubscriptions, since, envelope, gap);
        if (outcome.error() != null) {
            return LuaValue.varargsOf(LuaValue.valueOf(outcome.error() + ": " + channel), LuaValue.FALSE,
                    LuaValue.valueOf(0));
        }
        LuaValue top = LuaValue.NIL;
        if (outcome.top() != null) {
            LuaTable t = new LuaTable();
            t.set("offset", LuaValue.valueOf((double) outcome.top().offset()));
            t.set("epoch", LuaValue.valueOf(outcome.top().epoch()));
            top = t;
        }
        return LuaValue.varargsOf(new LuaValue[] {LuaValue.NIL, LuaValue.valueOf(outcome.recovered()),
                LuaValue.valueOf(outcome.missed()), top});
    }

    /** {offset = n, epoch = "..."} or nil. */
    private static StreamPosition position(LuaValue since) {
        if (since.isnil()) {
            return null;
        }
        if (!since.istable()) {
            throw new IllegalArgumentException("since must be a table {offset = n, epoch = \"...\"}");
        }
        LuaValue offset = since.get("offset");
        LuaValue epoch = since.get("epoch");
        if (!offset.isnumber() || offset.todouble() < 0 || offset.todouble() != Math.floor(offset.todouble())
                || offset.todouble() > 9.007199254740992E15) {
            throw new IllegalArgumentException("since.offset must be a non-negative integer");
        }
        if (!epoch.isstring() || epoch.isnumber() || epoch.length() > 64) {
            throw new IllegalArgumentException("since.epoch must be a string of at most 64 characters");
        }
        return new StreamPosition((long) offset.todouble(), epoch.tojstring());
    }

    private static Varargs error(String message) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message));
    }
}

-- mixgate: the market service. The exchange's engine publishes its raw output; this service computes
-- and publishes every public market channel of the exchange script (scripts/entry.websocket.lua):
--   ex:<S>@depth            book diffs (one per engine book message that changed the book), in history
--   ex:<S>@depth_snapshot   {"offset":N,"epoch":"...","snapshot":{...}}: the book as of the diff at offset N
--   ex:<S>@depth_<n>ms      conflated: at most one merged diff per n ms (depth_intervals), with what changed
--   ex:<S>@depth_<n>ms_snapshot   its snapshot, tagged with its own offsets
--   ex:<S>@trades           trades merged per window (trade_window_ms)
--   ex:<S>@ticker           rolling 24 h ticker, at most once per tick and only when it changed
--   ex:<S>@kline_<iv>       the open candle (at most once per tick, when changed) and one closed frame per boundary
--   ex:<S>@markprice        mark price from index, best bid/ask, last price and funding, at most once per tick
-- Run it as a service with mode: one (config/gateway.yaml, services[]); the README's "Market data" has the
-- engine message format and the options below.
--
-- Engine input: JSON, one event or an array of events, on the channel engine:<S> (the symbol is the
-- channel's), on the shared channel `channel` (every event names its symbol in "s"), or as entries of
-- the Redis Stream `stream` (field "d": the JSON; field "s" or each event's "s": the symbol).
--   {"type":"snapshot","E":ms,"bids":[["p","q"],...],"asks":[...]}   the engine's whole book (or its top)
--   {"type":"depth","E":ms,"b":[["p","q"]],"a":[...]}                 changed levels, "0" removes
--   {"type":"trade","E":ms,"t":id,"p":"..","q":"..","T":ms,"side":"buy"|"sell"}   (or "m": buyer is maker)
--   {"type":"index","E":ms,"sources":[{"name":..,"price":..,"weight":..,"time":..}]}  or "p": a ready index
--   {"type":"funding","E":ms,"r":"0.0001","T":next_funding_ms[,"interval_ms":28800000]}
--   {"type":"time","E":ms}                                            only moves the engine clock

local function option(name, default)
    local v = mix.server.option(name)
    if v == nil or v == "" then
        return default
    end
    return v
end

local function int_option(name, default, min, max)
    local v = option(name, nil)
    if v == nil then
        return default
    end
    local n = tonumber(v)
    if n == nil or n ~= math.floor(n) or n < min or n > max then
        error("market service option " .. name .. ": " .. tostring(v) .. " (expected: an integer " .. min .. ".." .. max .. ")")
    end
    return n
end

local function list_option(name, default)
    local out = {}
    for item in string.gmatch(option(name, default), "[^,%s]+") do
        out[#out + 1] = item
    end
    return out
end

local PREFIX = option("prefix", "ex:")
local ENGINE_PREFIX = option("engine_prefix", "engine:")
local SYMBOLS_DEFAULT = option("symbols", "*")
-- "any symbol seen" needs a shared channel (or a stream): engine:<S> channels cannot be listed in advance
local SHARED_CHANNEL = option("channel", SYMBOLS_DEFAULT == "*" and "engine" or "")
local STREAM = option("stream", "")
local SYMBOLS = option("symbols", "*")
local TRADE_WINDOW_MS = int_option("trade_window_ms", 100, 10, 60000)
local TICK_MS = int_option("tick_ms", 1000, 10, 60000)
local DEPTH = int_option("depth", 0, 0, 100000)
local MAX_LEVELS = int_option("max_levels", 5000, 1, 100000)
local SNAPSHOT_EVERY = int_option("snapshot_every", 50, 1, 100000)
local MAX_SYMBOLS = int_option("max_symbols", 1000, 1, 1000)
local FUNDING_INTERVAL_MS = int_option("funding_interval_ms", 28800000, 1, 30 * 86400000)
local MARK_SCALE = int_option("mark_scale", -1, -1, 36)
local CLOCK = option("clock", "wall")
local INTERVALS = list_option("intervals", "1m,5m,15m,1h,1d")
-- conflated depth channels @depth_<n>ms: 0 is @depth itself (every diff)
local DEPTH_INTERVALS = { 0 }
local depth_intervals = mix.server.option("depth_intervals") -- "" = none
if depth_intervals == nil then
    depth_intervals = "100ms,1000ms"
end
for item in string.gmatch(depth_intervals, "[^,%s]+") do
    local n = tonumber(string.match(item, "^(%d+)ms$") or "")
    if n == nil or n < 10 or n > 60000 then
        error("market service option depth_intervals: " .. item .. " (expected: comma-separated <n>ms, n 10..60000)")
    end
    for _, seen in ipairs(DEPTH_INTERVALS) do
        if seen == n then
            error("market service option depth_intervals: " .. item .. " given twice")
        end
    end
    if #DEPTH_INTERVALS > 8 then
        error("market service option depth_intervals: more than 8 intervals")
    end
    DEPTH_INTERVALS[#DEPTH_INTERVALS + 1] = n
end
if CLOCK ~= "wall" and CLOCK ~= "engine" then
    error("market service option clock: " .. tostring(CLOCK) .. " (expected: wall or engine)")
end

local symbols = {}       -- name -> state
local symbol_count = 0
local wanted = {}        -- channel -> true while someone subscribes
local engine_now = 0     -- newest event time the engine sent
local rejected = 0       -- engine events refused (logged)

local function now()
    if CLOCK == "engine" then
        return engine_now
    end
    return math.max(os.time() * 1000, engine_now)
end

local function reject(sym, why)
    rejected = rejected + 1
    mix.log(mix.WARN, "market: " .. tostring(sym) .. ": engine event refused: " .. tostring(why))
end

local function publish(channel, text)
    local _, _, err = mix.mesh.publish(channel, text)
    if err then
        mix.log(mix.WARN, "market: publish to " .. channel .. " failed: " .. tostring(err))
    end
end

-- a candle closed: to the candle store when the node has one (a failure is logged: the REST history
-- misses it), and to the kline channel when someone watches it
local function candle_closed(s, c, closed)
    if mix.candles then
        local ok, err = mix.candles.put(s.name, c.interval, closed.k)
        if ok == nil then
            mix.log(mix.WARN, "market: " .. s.name .. " " .. c.interval .. " candle not stored: " .. tostring(err))
        end
    end
    if wanted[c.channel] then
        publish(c.channel, mix.json_encode(closed))
    end
end

local function state(sym)
    local s = symbols[sym]
    if s ~= nil then
        return s
    end
    if type(sym) ~= "string" or not string.match(sym, "^[%w_%.%-]+$") or #sym > 64 then
        return nil, "invalid symbol " .. string.sub(tostring(sym), 1, 70)
    end
    if symbol_count >= MAX_SYMBOLS then
        return nil, "max_symbols (" .. MAX_SYMBOLS .. ") reached"
    end
    local book, err = mix.market.book(sym, { rules = "none", max_levels = MAX_LEVELS, depth = DEPTH })
    if not book then
        return nil, err
    end
    s = {
        name = sym,
        ch = PREFIX .. sym .. "@",
        book = book,
        trades = mix.market.trades({ symbol = sym }),
        ticker = mix.market.ticker({ symbol = sym }),
        mark = mix.market.mark({ symbol = sym, scale = MARK_SCALE }),
        candles = {},
        depth = {},             -- the depth consumers: @depth, then @depth_<n>ms per depth_intervals
        last_price = nil,
        index = nil,
        funding = nil,
        mark_text = nil,
    }
    for i, iv in ipairs(INTERVALS) do
        local c, cerr = mix.market.candles({ symbol = sym, interval = iv })
        if not c then
            error("market service option intervals: " .. tostring(cerr))
        end
        s.candles[i] = { interval = iv, builder = c, channel = s.ch .. "kline_" .. iv }
    end
    for _, iv in ipairs(DEPTH_INTERVALS) do
        local channel = s.ch .. (iv == 0 and "depth" or ("depth_" .. string.format("%d", iv) .. "ms"))
        s.depth[#s.depth + 1] = {
            channel = channel,
            snapshot_channel = channel .. "_snapshot",
            iv = iv,
            published = false,  -- watched once: from then on it takes every diff (someone may resume it)
            pending = nil,      -- the diff not yet published (merged)
            since_snapshot = 0, -- diffs published since the last snapshot
            snapshot_seq = -1,  -- book seq of the last snapshot published
            snapshot_at = -math.huge,
            last_flush = -math.huge,
            flush_tick = -1,
        }
    end
    symbols[sym] = s
    symbol_count = symbol_count + 1
    return s
end

-- Depth. Every depth channel of a symbol is a "consumer" of the book's diff chain: ex:<S>@depth (every
-- diff) and ex:<S>@depth_<n>ms (one merged diff per interval, depth_intervals). A diff taken from the
-- book goes to every consumer's pending diff (merged into it: a merged diff is still a diff, U/u/pu
-- spanning the diffs it holds); a consumer publishes its pending diff when it is watched and due (@depth:
-- at once; @depth_<n>ms: at most once per n ms, by the clock below). Each consumer has its own snapshot
-- side channel <channel>_snapshot, tagged with that channel's offset of the last diff the snapshot holds:
-- only a consumer with nothing pending has the book's snapshot() (the book as the diffs so far describe it).
-- While no depth channel of a symbol is watched no diff is taken (the book keeps its changes for the next).
-- A consumer never watched has nobody who could resume it: it takes no merges, and its first diff is the
-- whole book (the client of a channel without a snapshot starts from an empty book).
local ticks = {}         -- interval -> timer firings (clock wall: the interval's pace)
for _, iv in ipairs(DEPTH_INTERVALS) do
    ticks[iv] = 0
end

local function consumer_watched(c)
    return wanted[c.channel] or wanted[c.snapshot_channel]
end

local function due(c)
    if c.iv == 0 then
        return true
    end
    if CLOCK == "engine" then
        return now() - c.last_flush >= c.iv
    end
    -- os.time() counts seconds: pace by the interval's timer (a flush between two firings counts as
    -- made at the next one, so two flushes are at least one whole interval apart)
    return ticks[c.iv] > c.flush_tick
end

local function publish_snapshot(s, c)
    local h, err = mix.history(c.channel, { limit = 1 })
    if not h then
        if not c.warned_history then -- once per channel: diffs still go out, without snapshots
            c.warned_history = true
            mix.log(mix.WARN, "market: no snapshots for " .. c.channel .. ": add history.rules for it and for "
                .. c.snapshot_channel .. " (" .. tostring(err) .. ")")
        end
        c.since_snapshot = 0
        c.snapshot_seq = s.book:seq()
        return
    end
    local seq = s.book:seq()
    if s.snapshot_text_seq ~= seq then -- encoded once per book state, whatever the number of consumers
        s.snapshot_text = mix.json_encode(s.book:snapshot())
        s.snapshot_text_seq = seq
    end
    publish(c.snapshot_channel, '{"offset":' .. string.format("%d", h.offset) .. ',"epoch":'
        .. mix.json_encode(h.epoch) .. ',"snapshot":' .. s.snapshot_text .. '}')
    c.since_snapshot = 0
    c.snapshot_seq = seq
    c.snapshot_at = now()
end

-- Takes the diff since the last one and hands it to every consumer that was ever watched.
local function collect(s)
    local d = s.book:diff(now())
    if not d then
        return
    end
    for _, c in ipairs(s.depth) do
        if c.published then
            if c.pending then
                local merged, err = mix.market.merge_diffs(c.pending, d)
                if not merged then -- cannot happen (one chain); say so rather than publish a wrong book
                    mix.log(mix.ERROR, "market: " .. c.channel .. ": " .. tostring(err))
                else
                    c.pending = merged
                end
            else
                c.pending = d
            end
        end
    end
end

-- Publishes the consumer's pending diff (and a snapshot when one is due or forced).
local function flush(s, c, from_timer, force_snapshot)
    if not c.published then -- first watch: the whole book as one diff from the empty book
        c.published = true
        local snap = s.book:snapshot()
        if #snap.bids > 0 or #snap.asks > 0 then
            c.pending = { e = "depthUpdate", s = s.name, U = 1, u = snap.lastUpdateId, pu = 0,
                          b = snap.bids, a = snap.asks }
        end
    end
    if c.pending then
        local t = now()
        c.pending.E = t
        publish(c.channel, mix.json_encode(c.pending))
        c.pending = nil
        c.since_snapshot = c.since_snapshot + 1
        c.last_flush = t
        if c.iv > 0 then
            c.flush_tick = ticks[c.iv] + ((from_timer or CLOCK == "engine") and 0 or 1)
        end
    end
    if force_snapshot or c.since_snapshot >= SNAPSHOT_EVERY
            or (c.since_snapshot > 0 and now() - c.snapshot_at >= TICK_MS) then
        publish_snapshot(s, c)
    end
end

-- After engine input (iv nil) or on the timer of interval iv: publishes what is due. Unwatched: nothing.
local function serve_depth(s, iv)
    local any = false
    for _, c in ipairs(s.depth) do
        if (iv == nil or c.iv == iv) and consumer_watched(c) and due(c) then
            any = true
        end
    end
    if not any then
        return
    end
    collect(s)
    for _, c in ipairs(s.depth) do
        if (iv == nil or c.iv == iv) and consumer_watched(c) and due(c) then
            flush(s, c, iv ~= nil, false)
        end
    end
end

local function on_trade(s, ev)
    local trade = { p = ev.p, q = ev.q, T = ev.T or ev.E, t = ev.t, f = ev.f, l = ev.l, m = ev.m, side = ev.side }
    local ok, err = s.ticker:add(trade)
    if not ok then
        return reject(s.name, err)
    end
    if wanted[s.ch .. "trades"] then
        local added, terr = s.trades:add(trade)
        if not added then
            reject(s.name, terr)
        end
    end
    s.last_price = ev.p
    for _, c in ipairs(s.candles) do
        local closed, cerr = c.builder:add(trade)
        if cerr then
            reject(s.name, c.interval .. ": " .. cerr)
        elseif closed then
            candle_closed(s, c, closed)
        end
    end
end

local function on_event(sym, ev)
    if type(ev) ~= "table" then
        return reject(sym, "not a JSON object")
    end
    sym = ev.s or sym
    local s, err = state(sym)
    if not s then
        return reject(sym, err)
    end
    local t = ev.E
    if type(t) == "number" and t > engine_now then
        engine_now = t
    end
    local kind = ev.type
    if kind == "snapshot" then
        local res, serr = s.book:apply_snapshot({ bids = ev.bids or {}, asks = ev.asks or {} })
        if not res then
            return reject(sym, serr)
        end
        serve_depth(s)
    elseif kind == "depth" then
        local res, derr = s.book:apply({ b = ev.b or {}, a = ev.a or {} })
        if not res then
            return reject(sym, derr)
        end
        serve_depth(s)
    elseif kind == "trade" then
        on_trade(s, ev)
    elseif kind == "index" then
        if ev.sources then
            local ix, ierr = s.mark:index(ev.sources, t)
            if not ix then
                return reject(sym, ierr)
            end
            s.index = ix.price
        elseif ev.p then
            s.index = ev.p
        else
            return reject(sym, "index: expected sources or p")
        end
    elseif kind == "funding" then
        if ev.r == nil or type(ev.T) ~= "number" then
            return reject(sym, "funding: expected r and T")
        end
        s.funding = { r = ev.r, T = ev.T, interval = ev.interval_ms or FUNDING_INTERVAL_MS }
    elseif kind ~= "time" then
        return reject(sym, "unknown type " .. string.sub(tostring(kind), 1, 32))
    end
end

local function on_input(sym, text)
    local decoded, err = mix.json_decode(text)
    if err or type(decoded) ~= "table" then
        return reject(sym, "not JSON: " .. tostring(err))
    end
    if decoded[1] ~= nil then
        for _, ev in ipairs(decoded) do
            on_event(sym, ev)
        end
    else
        on_event(sym, decoded)
    end
end

local function flush_trades()
    local t = now()
    for _, s in pairs(symbols) do
        if s.trades:pending() > 0 then
            local batch = s.trades:flush(t)
            if batch and wanted[s.ch .. "trades"] then
                publish(s.ch .. "trades", mix.json_encode(batch))
            end
        end
    end
end

local function tick_mark(s, t)
    if s.index == nil then
        return
    end
    local bid, ask = s.book:best()
    if bid and ask then
        s.mark:sample(t, bid, ask, s.index)
    end
    if not wanted[s.ch .. "markprice"] then
        return
    end
    local f = s.funding or { r = "0", T = 0, interval = FUNDING_INTERVAL_MS }
    local m, err = s.mark:mark({ now = t, index = s.index, last = s.last_price or s.index, funding_rate = f.r,
                                 next_funding_time = f.T, funding_interval_ms = f.interval })
    if not m then
        return reject(s.name, err)
    end
    local e = m.E
    m.E = 0
    local key = mix.json_encode(m)
    if key ~= s.mark_text then
        s.mark_text = key
        m.E = e
        publish(s.ch .. "markprice", mix.json_encode(m))
    end
end

local function tick()
    local t = now()
    for _, s in pairs(symbols) do
        if wanted[s.ch .. "ticker"] then
            local ticker = s.ticker:poll(t)
            if ticker then
                publish(s.ch .. "ticker", mix.json_encode(ticker))
            end
        end
        for _, c in ipairs(s.candles) do
            local closed, update = c.builder:poll(t)
            if closed then
                candle_closed(s, c, closed)
            end
            if update and wanted[c.channel] then
                publish(c.channel, mix.json_encode(update))
            end
        end
        tick_mark(s, t)
        for _, c in ipairs(s.depth) do
            if c.since_snapshot > 0 and c.pending == nil and s.book:seq() ~= c.snapshot_seq then
                publish_snapshot(s, c)
            end
        end
    end
end

function on_start(svc)
    if SYMBOLS ~= "*" then
        for _, sym in ipairs(list_option("symbols", "")) do
            local s, err = state(sym)
            if not s then
                error("market service option symbols: " .. err)
            end
            local serr = svc:subscribe(ENGINE_PREFIX .. sym)
            if serr then
                error("market service: subscribe " .. ENGINE_PREFIX .. sym .. ": " .. serr)
            end
        end
    end
    if SHARED_CHANNEL ~= "" then
        local serr = svc:subscribe(SHARED_CHANNEL)
        if serr then
            error("market service: subscribe " .. SHARED_CHANNEL .. ": " .. serr)
        end
    end
    if STREAM ~= "" then
        local serr = svc:consume_stream(STREAM, { group = option("stream_group", "market") })
        if serr then
            error("market service: stream " .. STREAM .. ": " .. serr)
        end
    end
    svc:watch_interest(PREFIX .. "*")
    mix.timer.every(TRADE_WINDOW_MS, flush_trades)
    mix.timer.every(TICK_MS, tick)
    for _, iv in ipairs(DEPTH_INTERVALS) do
        if iv > 0 then
            mix.timer.every(iv, function()
                ticks[iv] = ticks[iv] + 1
                for _, s in pairs(symbols) do
                    serve_depth(s, iv)
                end
            end)
        end
    end
end

function on_message(svc, channel, data)
    local sym = nil
    if string.sub(channel, 1, #ENGINE_PREFIX) == ENGINE_PREFIX then
        sym = string.sub(channel, #ENGINE_PREFIX + 1)
    end
    on_input(sym, data)
end

function on_stream(svc, key, entries)
    for _, entry in ipairs(entries) do
        local d = entry.fields and entry.fields.d
        if type(d) ~= "string" then
            reject(entry.fields and entry.fields.s, "stream entry " .. tostring(entry.id) .. " has no field d")
        else
            on_input(entry.fields.s, d)
        end
    end
end

local function symbol_of(channel)
    if string.sub(channel, 1, #PREFIX) ~= PREFIX then
        return nil
    end
    return string.match(string.sub(channel, #PREFIX + 1), "^([^@]+)@")
end

function on_channel_wanted(svc, channel)
    wanted[channel] = true
    local s = symbols[symbol_of(channel) or ""]
    if s then
        for _, c in ipairs(s.depth) do
            if channel == c.channel or channel == c.snapshot_channel then
                -- catch the subscriber up at once: the diff since the last one, and a snapshot tagged with it
                collect(s)
                flush(s, c, false, true)
            end
        end
    end
end

function on_channel_unwanted(svc, channel)
    wanted[channel] = nil
end

-- A route function (routes[]: {method: GET, path: /api/market/stats, service: market, function: stats,
-- role: read}): the symbols served, engine events refused, the engine clock and the watched channels.
function stats(req)
    local names, watched = {}, {}
    for name in pairs(symbols) do
        names[#names + 1] = name
    end
    for ch in pairs(wanted) do
        watched[#watched + 1] = ch
    end
    table.sort(names)
    table.sort(watched)
    return 200, { symbols = names, rejected = rejected, engine_now = engine_now, watched = watched }
end

-- mixgate: the market service. The exchange's engine publishes its raw output; this service computes
-- and publishes every public market channel of the exchange script (scripts/entry.websocket.lua):
--   ex:<S>@depth            book diffs (one per engine book message that changed the book), in history
--   ex:<S>@depth_snapshot   {"offset":N,"epoch":"...","snapshot":{...}}: the book as of the diff at offset N
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
        since_snapshot = 0,     -- diffs published since the last snapshot
        snapshot_seq = -1,      -- book seq of the last snapshot published
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
    symbols[sym] = s
    symbol_count = symbol_count + 1
    return s
end

-- Depth: the snapshot side channel, tagged with the depth channel's offset of the last diff it holds.
local function publish_snapshot(s)
    local h, err = mix.history(s.ch .. "depth", { limit = 1 })
    if not h then
        if not s.warned_history then -- once per symbol: diffs still go out, without snapshots
            s.warned_history = true
            mix.log(mix.WARN, "market: no snapshots for " .. s.ch .. "depth: add history.rules for ex:*@depth and "
                .. "ex:*@depth_snapshot (" .. tostring(err) .. ")")
        end
        s.since_snapshot = 0
        s.snapshot_seq = s.book:seq()
        return
    end
    local snap = s.book:snapshot()
    publish(s.ch .. "depth_snapshot", '{"offset":' .. string.format("%d", h.offset) .. ',"epoch":'
        .. mix.json_encode(h.epoch) .. ',"snapshot":' .. mix.json_encode(snap) .. '}')
    s.since_snapshot = 0
    s.snapshot_seq = s.book:seq()
end

-- Publishes the diff since the previous one while someone watches @depth (or its snapshot). Unwatched,
-- no diff is taken: the next one, once watched, holds every change since the last published one, so
-- the chain (and the snapshot tagged with its offset) stays exact.
local function publish_depth(s, force_snapshot)
    if not (wanted[s.ch .. "depth"] or wanted[s.ch .. "depth_snapshot"]) then
        return
    end
    local diff = s.book:diff(now())
    if diff then
        publish(s.ch .. "depth", mix.json_encode(diff))
        s.since_snapshot = s.since_snapshot + 1
    end
    if force_snapshot or s.since_snapshot >= SNAPSHOT_EVERY then
        publish_snapshot(s)
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
        publish_depth(s)
    elseif kind == "depth" then
        local res, derr = s.book:apply({ b = ev.b or {}, a = ev.a or {} })
        if not res then
            return reject(sym, derr)
        end
        publish_depth(s)
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
        if s.since_snapshot > 0 and s.book:seq() ~= s.snapshot_seq then
            publish_snapshot(s)
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
    if s and (channel == s.ch .. "depth" or channel == s.ch .. "depth_snapshot") then
        -- catch the subscriber up at once: the diff since the last one, and a snapshot tagged with it
        publish_depth(s, true)
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

-- mixgate upstream: Binance spot combined streams (depth, bookTicker, aggTrade, kline).
--
-- Channels (those of the shipped exchange script, scripts/entry.websocket.lua):
--   ex:<SYMBOL>@depth          <- <symbol>@depth@100ms   (diff depth updates)
--   ex:<SYMBOL>@book_ticker    <- <symbol>@bookTicker
--   ex:<SYMBOL>@agg_trade      <- <symbol>@aggTrade
--   ex:<SYMBOL>@kline_<iv>     <- <symbol>@kline_<iv>    (iv: 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w)
-- (the exchange script's channel types are lower case: bookTicker becomes book_ticker)
-- Each channel gets the provider's "data" object exactly as Binance sent it (no re-encoding).
--
-- Binance carries the subscriptions in the URL (/stream?streams=a/b/c), so a new subscription
-- reopens the connection with all of them (mixgate does that when url() changes).
--
-- Options (upstreams[].options):
--   url   the stream base, default wss://stream.binance.com:9443

local DEFAULT_BASE = "wss://stream.binance.com:9443"
local INTERVALS = { ["1s"] = true, ["1m"] = true, ["3m"] = true, ["5m"] = true, ["15m"] = true, ["30m"] = true,
    ["1h"] = true, ["2h"] = true, ["4h"] = true, ["6h"] = true, ["8h"] = true, ["12h"] = true, ["1d"] = true,
    ["3d"] = true, ["1w"] = true }
-- channel type <-> Binance stream type
local TO_STREAM = { depth = "depth@100ms", book_ticker = "bookTicker", agg_trade = "aggTrade" }
local FROM_STREAM = { ["depth@100ms"] = "depth", bookTicker = "book_ticker", aggTrade = "agg_trade" }

function url(desired)
    local base = mix.server.option("url") or DEFAULT_BASE
    return base .. "/stream?streams=" .. table.concat(desired, "/")
end

-- "ex:NKNUSDT@depth" -> "nknusdt@depth@100ms"; nil for channels this feed does not serve
function subscription_for(channel)
    local symbol, kind = string.match(channel, "^ex:([A-Z0-9]+)@([%w_]+)$")
    if symbol == nil or #symbol > 20 then
        return nil
    end
    local s = string.lower(symbol)
    if TO_STREAM[kind] ~= nil then
        return s .. "@" .. TO_STREAM[kind]
    end
    local iv = string.match(kind, "^kline_(%w+)$")
    if iv ~= nil and INTERVALS[iv] then
        return s .. "@kline_" .. iv
    end
    return nil
end

-- the inverse: "nknusdt@depth@100ms" -> "ex:NKNUSDT@depth"
local function channel_for(stream)
    local s, rest = string.match(stream, "^([a-z0-9]+)@(.+)$")
    if s == nil then
        return nil
    end
    return "ex:" .. string.upper(s) .. "@" .. (FROM_STREAM[rest] or rest)
end

-- The URL carries every subscription: no subscribe frames.
function subscribe_message(sub)
    return nil
end

function unsubscribe_message(sub)
    return nil
end

function on_message(up, msg)
    -- {"stream":"<stream>","data":<payload>}: the payload is published verbatim
    local stream, payload = string.match(msg.data, '^{"stream":"([^"]*)","data":(.*)}$')
    if stream == nil then
        local m = mix.json_decode(msg.data)
        if type(m) == "table" and m.error ~= nil then
            mix.log(mix.WARN, "binance: " .. mix.json_encode(m.error))
        end
        return nil
    end
    local channel = channel_for(stream)
    if channel == nil then
        return nil
    end
    return { channel = channel, data = payload }
end

-- mixgate upstream: seed 004's producer (crypto-streams) as one script. Subscribe a pair, turn
-- each 1-minute candle into {"pair","timestamp","open","high","low","close","volume"} and
-- publish it to "ex:<PAIR>@candle", e.g. ex:BTCUSDT@candle. Upstream: Binance kline streams.
--
-- Options (upstreams[].options): url, as binance.lua (default wss://stream.binance.com:9443)

function url(desired)
    return (mix.server.option("url") or "wss://stream.binance.com:9443") .. "/stream?streams=" .. table.concat(desired, "/")
end

function subscription_for(channel)
    local pair = string.match(channel, "^ex:([A-Z0-9]+)@candle$")
    return pair and (string.lower(pair) .. "@kline_1m") or nil
end

function on_message(up, msg)
    local m = mix.json_decode(msg.data)
    if type(m) ~= "table" or type(m.data) ~= "table" or m.data.e ~= "kline" then
        return nil
    end
    local k = m.data.k
    return {
        channel = "ex:" .. m.data.s .. "@candle",
        data = {
            pair = m.data.s, timestamp = k.t,
            open = tonumber(k.o), high = tonumber(k.h), low = tonumber(k.l), close = tonumber(k.c),
            volume = tonumber(k.v),
        },
    }
end

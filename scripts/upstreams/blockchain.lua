-- mixgate upstream: Blockchain.com exchange (l2 order books and trades).
--
-- Channels (those of the shipped exchange script, scripts/entry.websocket.lua):
--   ex:<SYMBOL>@l2       <- {"action":"subscribe","channel":"l2","symbol":"<SYMBOL>"}
--   ex:<SYMBOL>@trades   <- {"action":"subscribe","channel":"trades","symbol":"<SYMBOL>"}
-- with SYMBOL as the exchange spells it (BTC-USD). Each channel gets the provider's frames
-- ("snapshot", "updated") verbatim, numbers as sent (1.6E-7 stays 1.6E-7).
--
-- The provider acknowledges each subscription ({"event":"subscribed"} or "rejected"), and
-- numbers every frame of a connection with "seqnum" from 0: a gap means frames were lost, and
-- the connection is reopened (which re-sends its subscriptions and so gets fresh snapshots).
--
-- Options (upstreams[].options):
--   url      default wss://ws.prod.blockchain.info/mercury-gateway/v1/ws
--   api_key  when set, on_open authenticates with it first ({"action":"subscribe","channel":"auth"})

local DEFAULT_URL = "wss://ws.prod.blockchain.info/mercury-gateway/v1/ws"
local CHANNELS = { l2 = true, trades = true }

function url(desired)
    return mix.server.option("url") or DEFAULT_URL
end

-- "ex:BTC-USD@l2" -> "l2:BTC-USD"
function subscription_for(channel)
    local symbol, kind = string.match(channel, "^ex:([A-Z0-9]+%-[A-Z0-9]+)@(%w+)$")
    if symbol == nil or not CHANNELS[kind] then
        return nil
    end
    return kind .. ":" .. symbol
end

local function split(sub)
    return string.match(sub, "^(%w+):(.+)$")
end

function subscribe_message(sub)
    local kind, symbol = split(sub)
    return { action = "subscribe", channel = kind, symbol = symbol }
end

function unsubscribe_message(sub)
    local kind, symbol = split(sub)
    return { action = "unsubscribe", channel = kind, symbol = symbol }
end

function on_open(up)
    local key = mix.server.option("api_key")
    if key ~= nil then
        up:send({ action = "subscribe", channel = "auth", token = key })
    end
end

function on_message(up, msg)
    local m = mix.json_decode(msg.data)
    if type(m) ~= "table" then
        return nil
    end
    if m.seqnum ~= nil then
        local last = tonumber(up:get("seqnum") or "-1")
        if m.seqnum ~= last + 1 then
            up:reconnect("seqnum gap: " .. last .. " then " .. m.seqnum)
            return nil
        end
        up:set("seqnum", string.format("%d", m.seqnum))
    end
    if m.channel == nil or m.symbol == nil then
        return nil
    end
    local sub = m.channel .. ":" .. m.symbol
    if m.event == "subscribed" then
        up:ack(sub)
    elseif m.event == "rejected" then
        up:fail(sub, m.text or "rejected")
    elseif m.event == "snapshot" or m.event == "updated" then
        return { channel = "ex:" .. m.symbol .. "@" .. m.channel, data = msg.data }
    end
    return nil
end

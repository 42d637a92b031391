-- Service "quotes" of the quotes example: polls an HTTP price source for every pair someone is
-- subscribed to (anywhere the interest hooks hear of), ONE poll chain per pair shared by all its
-- subscribers, and publishes a price only when it changed. It also serves the convert widget page.
--
-- Channels (the connection script entry.websocket.lua subscribes clients to them):
--   quotes:price:<FROM>-<TO>   {"channel":"BTC-ETH","price":"15.2","ts":1700000000}
--                              (history size 1 keeps the latest one for "current")
--   quotes:status:<FROM>-<TO>  {"channel":"BTC-ETH","status":"error","error":"...","retryInMs":2000}
--                              {"channel":"BTC-ETH","status":"ok"} once the source answers again
--
-- Service options (services[].options), validated when the script loads (a bad one stops it
-- loading, with the key and value in the error):
--   source_url        base URL of a cryptocompare-like source: GET <url>/data/price?fsym=BTC&tsyms=ETH
--                     answers {"ETH":15.2}          (default https://min-api.cryptocompare.com)
--   poll_interval_ms  between two polls of one pair (default 2000, 50..3600000)
--   max_backoff_ms    longest pause after failed polls: the pause doubles from poll_interval_ms
--                     up to this (default 30000, >= poll_interval_ms)
--   http_timeout_ms   one poll's request timeout (default 5000, 100..60000)
--   max_pairs         pairs polled at once; one more gets an error status and no polls (default 1000)
--   ws_port, ws_path  the page's default WebSocket address: ws://<page host>:<ws_port><ws_path> (6790, /quotes)
local decimal = require("decimal")
local options = require("options")

local PRICE_PREFIX = "quotes:price:"
local STATUS_PREFIX = "quotes:status:"
local PAIR_PATTERN = "^([A-Z0-9]+)-([A-Z0-9]+)$"
local MAX_SYMBOL = 10

local function int_option(name, default, min, max)
    return options.integer("services[quotes].options", name, default, min, max)
end

local SOURCE_URL = mix.server.option("source_url") or "https://min-api.cryptocompare.com"
if type(SOURCE_URL) ~= "string" or not string.match(SOURCE_URL, "^https?://[^%s]+$") then
    error("services[quotes].options.source_url: " .. tostring(SOURCE_URL) .. " (expected: an http(s) URL)", 0)
end
SOURCE_URL = string.gsub(SOURCE_URL, "/+$", "")
local POLL_INTERVAL = int_option("poll_interval_ms", 2000, 50, 3600000)
local MAX_BACKOFF = int_option("max_backoff_ms", 30000, POLL_INTERVAL, 3600000)
local HTTP_TIMEOUT = int_option("http_timeout_ms", 5000, 100, 60000)
local MAX_PAIRS = int_option("max_pairs", 1000, 1, 100000)

-- pair -> {from, to, timer, price (decimal text last published), failures}; this service's one VM
-- owns it (every callback and timer of a service runs on its lane, one at a time)
local polled = {}
local polled_count = 0

local function publish(channel, text)
    local _, _, err = mix.mesh.publish(channel, text)
    if err then
        mix.log(mix.WARN, "quotes: publish to " .. channel .. " failed: " .. err)
    end
end

local function status(pair, fields)
    fields.channel = pair
    publish(STATUS_PREFIX .. pair, mix.json_encode(fields))
end

-- The price of `to` in one answer of the source, as exact decimal text, or nil, reason.
local function read_price(body, to)
    local data, err = mix.json_decode(body)
    if err or type(data) ~= "table" then
        return nil, "source answered non-JSON"
    end
    if data["Response"] == "Error" then
        return nil, "source error: " .. string.sub(tostring(data["Message"]), 1, 200)
    end
    if type(data[to]) ~= "number" then
        return nil, "source answer has no number for " .. to
    end
    -- the literal as the source wrote it: decoding made it a double, which may not print back exactly
    local literal = string.match(body, '"' .. to .. '"%s*:%s*(%-?[%d%.eE%+%-]+)')
    local value, why = decimal.parse(literal)
    if value == nil then
        return nil, "source price unreadable: " .. why
    end
    if value.neg or decimal.is_zero(value) then
        return nil, "source price not positive: " .. literal
    end
    return decimal.tostring(value)
end

local function poll(pair)
    local p = polled[pair]
    local resp, err = mix.http.request("GET", SOURCE_URL .. "/data/price", {
        query = { fsym = p.from, tsyms = p.to },
        timeout = HTTP_TIMEOUT / 1000,
    })
    if polled[pair] ~= p then
        return -- unwanted (or wanted anew) while the request was out
    end
    local price
    if err == nil then
        if resp.status_code ~= 200 then
            err = "source answered HTTP " .. resp.status_code
        else
            price, err = read_price(resp.body, p.to)
        end
    end
    if err then
        p.failures = p.failures + 1
        local pause = math.floor(math.min(POLL_INTERVAL * 2 ^ p.failures, MAX_BACKOFF))
        mix.log(mix.WARN, "quotes: poll of " .. pair .. " failed (" .. string.format("%d", p.failures)
            .. " in a row, next in " .. string.format("%d", pause) .. " ms): " .. err)
        status(pair, { status = "error", error = err, retryInMs = pause })
        return pause
    end
    if price ~= p.price then
        p.price = price
        publish(PRICE_PREFIX .. pair, mix.json_encode({ channel = pair, price = price, ts = os.time() }))
    end
    -- "ok" after the price: whoever reads both (an RFQ offer) never sees an old price marked live
    if p.failures > 0 or p.fresh then
        p.failures = 0
        p.fresh = false
        status(pair, { status = "ok" })
    end
    return POLL_INTERVAL
end

-- One chain of `after` timers per pair: the next poll is planned when this one has finished, so
-- polls of a pair never overlap and a slow source slows the chain instead of piling requests up.
local function schedule(pair, delay)
    local p = polled[pair]
    local t, err = mix.timer.after(delay, function()
        if polled[pair] ~= p then
            return
        end
        local next_delay = poll(pair)
        if next_delay and polled[pair] == p then
            schedule(pair, next_delay)
        end
    end)
    if t == nil then
        mix.log(mix.ERROR, "quotes: cannot plan the next poll of " .. pair .. ": " .. err)
        status(pair, { status = "error", error = "polling stopped: " .. err })
    end
    p.timer = t
end

function on_start(svc)
    local err = svc:watch_interest(PRICE_PREFIX .. "*")
    if err then
        error("quotes: watch_interest failed: " .. err)
    end
end

function on_channel_wanted(svc, channel)
    local pair = string.sub(channel, #PRICE_PREFIX + 1)
    local from, to = string.match(pair, PAIR_PATTERN)
    if from == nil or #from > MAX_SYMBOL or #to > MAX_SYMBOL or polled[pair] then
        return
    end
    if polled_count >= MAX_PAIRS then
        mix.log(mix.WARN, "quotes: not polling " .. pair .. ": max_pairs (" .. MAX_PAIRS .. ") reached")
        return status(pair, { status = "error", error = "not polled: the node polls max_pairs (" .. MAX_PAIRS
            .. ") pairs already" })
    end
    local p = { from = from, to = to, failures = 0, fresh = true }
    polled[pair] = p
    polled_count = polled_count + 1
    mix.log(mix.DEBUG, "quotes: polling " .. pair)
    local delay = poll(pair) -- the first poll at once, so a new subscriber gets a price without waiting
    if polled[pair] == p then
        schedule(pair, delay)
    end
end

function on_channel_unwanted(svc, channel)
    local pair = string.sub(channel, #PRICE_PREFIX + 1)
    local p = polled[pair]
    if p == nil then
        return
    end
    polled[pair] = nil
    polled_count = polled_count - 1
    if p.timer then
        p.timer:cancel()
    end
    -- kept as the pair's current status: a price read later may be old
    status(pair, { status = "stopped" })
    mix.log(mix.DEBUG, "quotes: stopped polling " .. pair)
end

-- GET /examples/quotes/ : the convert widget (route in the example's gateway.yaml, role public).
-- ws_port / ws_path (service options): where the page's WebSocket goes by default (6790, /quotes)
local WS_PORT = int_option("ws_port", 6790, 1, 65535)
local WS_PATH = mix.server.option("ws_path") or "/quotes"
if type(WS_PATH) ~= "string" or not string.match(WS_PATH, "^/[%w%-%._/]*$") then
    error("services[quotes].options.ws_path: " .. tostring(WS_PATH) .. " (expected: a path like /quotes)", 0)
end
local PAGE = string.gsub(string.gsub(require("page"), "__WS_PORT__", string.format("%d", WS_PORT)), "__WS_PATH__", WS_PATH)

function page(req)
    return 200, PAGE, { ["Content-Type"] = "text/html; charset=utf-8", ["Cache-Control"] = "no-store" }
end

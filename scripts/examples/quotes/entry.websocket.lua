-- The quotes example (seed 000 as a shipped example): live prices of currency pairs and RFQ
-- sessions with offers that carry a commission. See /work/notes/quotes-readme.md (README "Quotes
-- example") for the walkthrough. Prices come from the service prices.lua, which polls the source
-- only while someone is subscribed to a pair.
--
-- Client -> node (text frames, JSON); a command takes one pair name or an array of them:
--   {"subscribe":"BTC-ETH"}            -> {"subscribed":["BTC-ETH"]}, then the current price if known
--                                        (the subscription starts before the answer: a price push may come first)
--   {"unsubscribe":["BTC-ETH"]}        -> {"unsubscribed":["BTC-ETH"]}
--   {"current":"BTC-ETH"}              -> {"channel":"BTC-ETH","price":"15.2","ts":1700000000,"live":true}
--                                         ("price":null when none is known; live false: the price may be stale)
-- Pushed to subscribers:
--   {"channel":"BTC-ETH","price":"15.2","ts":1700000000}           (only when the price changed)
--   {"channel":"BTC-ETH","status":"error","error":"...","retryInMs":4000} / {"channel":...,"status":"ok"}
-- RFQ ({"rfq":{...}}, answers {"rfq":{"event":...}}):
--   startSession {currFrom, currTo, amountFrom} -> sessionStarted, then an offer every rfq_interval_ms
--   updateSession {amountFrom}                  -> sessionUpdated (outstanding offers withdrawn), an offer
--   acceptOffer {offerId}                       -> orderSuccess (the session ends) | orderFailed {reason}
--                                                  | orderUnknown {reason}
--   stopSession                                 -> sessionStopped
--   offer: {"event":"offer","session":"7-1","offerId":"7-1-3","currFrom":"BTC","currTo":"ETH",
--           "amountFrom":"2","price":"15.2","commission":"0.01","fee":"0.304","amountTo":"30.096",
--           "validForMs":5000}
-- Errors: {"error":{"code":N,"message":"..."}}; the connection stays open.
--
-- Server options (servers[].options), validated when the script loads:
--   path               WebSocket path (node option; the example uses /quotes)
--   rfq_interval_ms    between two offers of a session (default 5000, 100..3600000)
--   rfq_offer_ttl_ms   how long an offer may be accepted (default 5000, 100..3600000)
--   rfq_commission     fraction kept as commission (default "0.01" = 1%, 0 <= c < 1)
--   rfq_decimals       fraction digits of amountTo, rounded down (default 8, 0..18)
--   max_pairs_per_command  names one command may carry (default 20, 1..1000)
local decimal = require("decimal")
local options = require("options")

local PRICE_PREFIX = "quotes:price:"
local STATUS_PREFIX = "quotes:status:"
local EXECUTIONS = "quotes:executions"
local MAX_SYMBOL = 10
local MAX_AMOUNT_INT_DIGITS = 18
local MAX_AMOUNT_FRACTION_DIGITS = 18

local E_BAD_MESSAGE = 1       -- not JSON, not an object, binary frame
local E_UNKNOWN_COMMAND = 2
local E_BAD_PAIR = 3          -- a name that is not <FROM>-<TO> of 1..10 capitals or digits
local E_SUBSCRIBE_FAILED = 4  -- e.g. servers[].maxSubscriptions reached
local E_TOO_MANY_PAIRS = 5    -- more names in one command than max_pairs_per_command
local E_RFQ_BAD_REQUEST = 10  -- unknown action, bad currency or amount
local E_RFQ_NO_SESSION = 11   -- updateSession/acceptOffer/stopSession without a session
local E_RFQ_TIMER = 12        -- the session's timer could not be started (timers.maxPerConnection)

local function int_option(name, default, min, max)
    return options.integer("servers[].options", name, default, min, max)
end

local RFQ_INTERVAL = int_option("rfq_interval_ms", 5000, 100, 3600000)
local RFQ_TTL = int_option("rfq_offer_ttl_ms", 5000, 100, 3600000)
local RFQ_DECIMALS = int_option("rfq_decimals", 8, 0, 18)
local MAX_PAIRS_PER_COMMAND = int_option("max_pairs_per_command", 20, 1, 1000)
local COMMISSION_TEXT = tostring(mix.server.option("rfq_commission") or "0.01")
local COMMISSION = decimal.parse(COMMISSION_TEXT)
if COMMISSION == nil or COMMISSION.neg or decimal.compare(COMMISSION, decimal.parse("1")) >= 0 then
    error("servers[].options.rfq_commission: " .. COMMISSION_TEXT .. " (expected: a decimal 0 <= c < 1, e.g. \"0.01\")", 0)
end
local KEEP = decimal.sub(decimal.parse("1"), COMMISSION) -- 0.99 for 1%

local function int_text(n)
    return string.format("%d", n)
end

local function send_json(conn, value)
    conn:send(mix.json_encode(value))
end

local function reply_error(conn, code, message)
    send_json(conn, { error = { code = code, message = message } })
end

local function rfq_send(conn, fields)
    send_json(conn, { rfq = fields })
end

-- The pair names of a command (a string or an array of strings), or nil, code, message.
local function pair_names(value)
    local names = value
    if type(value) == "string" then
        names = { value }
    elseif type(value) ~= "table" or (next(value) ~= nil and value[1] == nil) then
        return nil, E_BAD_PAIR, "expected a pair name like \"BTC-ETH\" or an array of them"
    end
    if #names > MAX_PAIRS_PER_COMMAND then
        return nil, E_TOO_MANY_PAIRS, "at most " .. MAX_PAIRS_PER_COMMAND .. " names per command (max_pairs_per_command)"
    end
    for _, name in ipairs(names) do
        local from, to
        if type(name) == "string" then
            from, to = string.match(name, "^([A-Z0-9]+)-([A-Z0-9]+)$")
        end
        if not from or #from > MAX_SYMBOL or #to > MAX_SYMBOL or from == to then
            return nil, E_BAD_PAIR, "invalid pair " .. string.sub(mix.json_encode(name), 1, 40)
                .. ": expected <FROM>-<TO>, two different symbols of 1.." .. MAX_SYMBOL .. " capitals or digits"
        end
    end
    return names
end

-- {price = text, ts = n, live = bool} of the pair as this node last heard it, or nil.
local function latest(pair)
    local pub = mix.current(PRICE_PREFIX .. pair)
    if pub == nil then
        return nil
    end
    local data = mix.json_decode(pub.data)
    local st = mix.current(STATUS_PREFIX .. pair)
    local live, why = false, "the pair is not polled right now"
    if st ~= nil then
        local s = mix.json_decode(st.data)
        live = s.status == "ok"
        why = s.error or why
    end
    return { price = data.price, ts = data.ts, live = live, why = why }
end

local function send_current(conn, pair)
    local l = latest(pair)
    if l == nil then
        return conn:send('{"channel":' .. mix.json_encode(pair) .. ',"price":null}')
    end
    conn:send('{"channel":' .. mix.json_encode(pair) .. ',"price":' .. mix.json_encode(l.price) .. ',"ts":'
        .. int_text(l.ts) .. ',"live":' .. tostring(l.live) .. '}')
end

local function subscribe_pair(conn, pair)
    return conn:subscribe(PRICE_PREFIX .. pair, STATUS_PREFIX .. pair)
end

local function unsubscribe_pair(conn, pair)
    conn:unsubscribe(PRICE_PREFIX .. pair, STATUS_PREFIX .. pair)
end

-- ---------------------------------------------------------------- RFQ sessions
-- A connection's session lives in its context ("rfq"), since its callbacks may run on different
-- VMs; its offer timer is a connection timer (it ends with the connection). A timer whose
-- session has ended (stop, restart, accept) cancels itself at its next tick; when the stop runs
-- on the VM that made the timer, it is cancelled at once through this weak table.
local session_timers = setmetatable({}, { __mode = "v" })

local function end_session(conn, s)
    conn:set_context_value("rfq", nil)
    local t = session_timers[s.id]
    if t then
        t:cancel()
    end
    local own = conn:context_value("pairs") or {}
    if not own[s.pair] then
        unsubscribe_pair(conn, s.pair)
    end
end

local function make_offer(conn, s)
    if s.amount == "" then
        return
    end
    local l = latest(s.pair)
    if l == nil or not l.live then
        return rfq_send(conn, { event = "noOffer", session = s.id, reason = l == nil and "no price yet for " .. s.pair
            or "no live price for " .. s.pair .. ": " .. l.why })
    end
    local price = decimal.parse(l.price)
    local gross = decimal.mul(decimal.parse(s.amount), price)
    local net = decimal.floor(decimal.mul(gross, KEEP), RFQ_DECIMALS)
    local fee = decimal.sub(gross, net)
    s.n = s.n + 1
    local id = s.id .. "-" .. int_text(s.n)
    -- offers that expired are pruned: only the latest few stay to answer "offer expired"
    local kept = {}
    for oid, o in pairs(s.offers) do
        if o.live then
            kept[oid] = o
        end
    end
    local offer = { live = true, amountFrom = s.amount, amountTo = decimal.tostring(net), price = l.price,
                    fee = decimal.tostring(fee) }
    kept[id] = offer
    s.offers = kept
    local session_id = s.id
    local t, err = mix.timer.after(RFQ_TTL, function()
        local cur = conn:context_value("rfq")
        if cur ~= nil and cur.id == session_id and cur.offers[id] ~= nil then
            cur.offers[id].live = false
            conn:set_context_value("rfq", cur)
        end
    end)
    if t == nil then
        kept[id] = nil
        conn:set_context_value("rfq", s)
        return rfq_send(conn, { event = "noOffer", session = s.id, reason = "cannot time the offer: " .. err })
    end
    conn:set_context_value("rfq", s)
    rfq_send(conn, { event = "offer", session = s.id, offerId = id, currFrom = s.from, currTo = s.to,
                     amountFrom = s.amount, price = l.price, commission = COMMISSION_TEXT, fee = offer.fee,
                     amountTo = offer.amountTo, validForMs = RFQ_TTL })
end

-- amountFrom: "" (no offers until one is set) or a positive decimal string; returns text or nil, reason.
local function read_amount(value)
    if value == nil or value == "" then
        return ""
    end
    local v, why = decimal.parse(value)
    if v == nil then
        return nil, "amountFrom: " .. why
    end
    local int_digits, frac_digits = decimal.sizes(v)
    if v.neg or decimal.is_zero(v) or int_digits > MAX_AMOUNT_INT_DIGITS or frac_digits > MAX_AMOUNT_FRACTION_DIGITS then
        return nil, "amountFrom: expected a positive decimal string with at most " .. MAX_AMOUNT_INT_DIGITS
            .. " digits before and " .. MAX_AMOUNT_FRACTION_DIGITS .. " after the point"
    end
    return decimal.tostring(v)
end

local function start_session(conn, req)
    local pair = tostring(req.currFrom) .. "-" .. tostring(req.currTo)
    local names, _, msg = pair_names(pair)
    if names == nil then
        return reply_error(conn, E_RFQ_BAD_REQUEST, "currFrom/currTo: " .. msg)
    end
    local amount, why = read_amount(req.amountFrom)
    if amount == nil then
        return reply_error(conn, E_RFQ_BAD_REQUEST, why)
    end
    local old = conn:context_value("rfq")
    if old ~= nil then
        end_session(conn, old)
    end
    local err = subscribe_pair(conn, pair)
    if err then
        return reply_error(conn, E_SUBSCRIBE_FAILED, "cannot follow " .. pair .. " for the session: " .. err)
    end
    local gen = (conn:context_value("rfq_gen") or 0) + 1
    conn:set_context_value("rfq_gen", gen)
    local s = { id = conn:client_id() .. "-" .. int_text(gen), pair = pair, from = req.currFrom, to = req.currTo,
                amount = amount, n = 0, offers = {} }
    local session_id = s.id
    local t, terr
    t, terr = mix.timer.every(RFQ_INTERVAL, function()
        local cur = conn:context_value("rfq")
        if cur == nil or cur.id ~= session_id then
            t:cancel()
            return
        end
        make_offer(conn, cur)
    end)
    if t == nil then
        local own = conn:context_value("pairs") or {}
        if not own[pair] then
            unsubscribe_pair(conn, pair)
        end
        return reply_error(conn, E_RFQ_TIMER, "cannot start the session: " .. terr)
    end
    session_timers[session_id] = t
    conn:set_context_value("rfq", s)
    rfq_send(conn, { event = "sessionStarted", session = s.id, currFrom = s.from, currTo = s.to, amountFrom = amount })
    make_offer(conn, s)
end

local function accept_offer(conn, s, req)
    local id = req.offerId
    local offer = type(id) == "string" and s.offers[id] or nil
    if offer == nil then
        return rfq_send(conn, { event = "orderFailed", offerId = id, reason = "unknown or withdrawn offer" })
    end
    if not offer.live then
        return rfq_send(conn, { event = "orderFailed", offerId = id, reason = "offer expired" })
    end
    -- the example's "execution": a record for the back office on a channel, and the log
    end_session(conn, s)
    local record = mix.json_encode({ offerId = id, client = conn:client_id(), currFrom = s.from, currTo = s.to,
                                     amountFrom = offer.amountFrom, amountTo = offer.amountTo, price = offer.price,
                                     fee = offer.fee, ts = os.time() })
    local _, _, err = mix.mesh.publish(EXECUTIONS, record)
    if err then
        -- the record may or may not have reached the back office: say so, do not claim a failure
        mix.log(mix.WARN, "quotes: execution of " .. id .. " unknown: " .. err)
        return rfq_send(conn, { event = "orderUnknown", offerId = id, reason = "execution outcome unknown: " .. err })
    end
    mix.log(mix.INFO, "quotes: executed " .. record)
    rfq_send(conn, { event = "orderSuccess", offerId = id, currFrom = s.from, currTo = s.to,
                     amountFrom = offer.amountFrom, amountTo = offer.amountTo, price = offer.price, fee = offer.fee })
end

local function rfq(conn, req)
    if type(req) ~= "table" then
        return reply_error(conn, E_RFQ_BAD_REQUEST, "rfq: expected an object with an action")
    end
    local action = req.action
    if action == "startSession" then
        return start_session(conn, req)
    end
    if action ~= "updateSession" and action ~= "acceptOffer" and action ~= "stopSession" then
        return reply_error(conn, E_RFQ_BAD_REQUEST, "rfq: unknown action " .. string.sub(mix.json_encode(action), 1, 40)
            .. " (expected startSession, updateSession, acceptOffer or stopSession)")
    end
    local s = conn:context_value("rfq")
    if s == nil then
        return reply_error(conn, E_RFQ_NO_SESSION, "rfq: no session (send startSession first)")
    end
    if action == "stopSession" then
        end_session(conn, s)
        return rfq_send(conn, { event = "sessionStopped", session = s.id })
    elseif action == "acceptOffer" then
        return accept_offer(conn, s, req)
    end
    if (req.currFrom ~= nil and req.currFrom ~= s.from) or (req.currTo ~= nil and req.currTo ~= s.to) then
        return reply_error(conn, E_RFQ_BAD_REQUEST, "rfq: updateSession changes only amountFrom; start a new session for another pair")
    end
    local amount, why = read_amount(req.amountFrom)
    if amount == nil then
        return reply_error(conn, E_RFQ_BAD_REQUEST, why)
    end
    s.amount = amount
    s.offers = {} -- offers for the old amount are withdrawn
    conn:set_context_value("rfq", s)
    rfq_send(conn, { event = "sessionUpdated", session = s.id, amountFrom = amount })
    make_offer(conn, s)
end

-- ---------------------------------------------------------------- channel commands
local function subscribe(conn, value)
    local names, code, msg = pair_names(value)
    if names == nil then
        return reply_error(conn, code, msg)
    end
    local own = conn:context_value("pairs") or {}
    for i, pair in ipairs(names) do
        local err = subscribe_pair(conn, pair)
        if err then
            local done = {}
            for j = 1, i - 1 do
                done[j] = names[j]
            end
            conn:set_context_value("pairs", own)
            return reply_error(conn, E_SUBSCRIBE_FAILED, "subscribe " .. pair .. " failed: " .. err
                .. (#done > 0 and ("; subscribed before it: " .. table.concat(done, ",")) or ""))
        end
        own[pair] = true
    end
    conn:set_context_value("pairs", own)
    send_json(conn, { subscribed = names })
    for _, pair in ipairs(names) do
        if latest(pair) ~= nil then
            send_current(conn, pair)
        end
    end
end

local function unsubscribe(conn, value)
    local names, code, msg = pair_names(value)
    if names == nil then
        return reply_error(conn, code, msg)
    end
    local own = conn:context_value("pairs") or {}
    local s = conn:context_value("rfq")
    for _, pair in ipairs(names) do
        own[pair] = nil
        -- a running RFQ session keeps its pair's prices coming until it ends
        if s == nil or s.pair ~= pair then
            unsubscribe_pair(conn, pair)
        end
    end
    conn:set_context_value("pairs", own)
    send_json(conn, { unsubscribed = names })
end

local function current(conn, value)
    local names, code, msg = pair_names(value)
    if names == nil then
        return reply_error(conn, code, msg)
    end
    for _, pair in ipairs(names) do
        send_current(conn, pair)
    end
end

function on_message(msg)
    local conn = mix.websocket()
    if msg["type"] ~= "text" then
        return reply_error(conn, E_BAD_MESSAGE, "binary frames are not supported")
    end
    local data, err = mix.json_decode(msg["data"])
    if err or type(data) ~= "table" or (next(data) ~= nil and data[1] ~= nil) then
        return reply_error(conn, E_BAD_MESSAGE, "expected a JSON object")
    end
    if data.subscribe ~= nil then
        return subscribe(conn, data.subscribe)
    elseif data.unsubscribe ~= nil then
        return unsubscribe(conn, data.unsubscribe)
    elseif data.current ~= nil then
        return current(conn, data.current)
    elseif data.rfq ~= nil then
        return rfq(conn, data.rfq)
    end
    reply_error(conn, E_UNKNOWN_COMMAND, "unknown command (expected subscribe, unsubscribe, current or rfq)")
end

-- mixgate: the exchange market protocol (CONNMIX's exchange example, written correctly).
--
-- Client -> node (text frames, JSON):
--   {"op":"auth","token":"..."}                 -> {"result":true}
--   {"op":"subscribe","channel":"BTCUSDT@depth"} -> {"result":true}
--   {"op":"unsubscribe","channel":"@balance"}    -> {"result":true}
--   {"op":"ping"}                                -> {"op":"pong"}
--
-- Channel history (channels that match a history.rules entry in config/gateway.yaml, e.g. <symbol>@depth):
--   {"op":"subscribe","channel":"BTCUSDT@depth","offsets":true}
--       -> {"result":true,"recovered":false,"missed":0,"offset":N,"epoch":"..."}
--   {"op":"subscribe","channel":"BTCUSDT@depth","since":{"offset":N,"epoch":"..."}}
--       -> the missed messages, then {"result":true,"recovered":true,"missed":n,"offset":M,"epoch":"..."}
--          (recovered false: history no longer holds them or the epoch changed: reload a snapshot)
--   Either way the subscription's messages then arrive as
--       {"channel":"BTCUSDT@depth","offset":N,"epoch":"...","data":<the published text>}
--   {"op":"current","channel":"BTCUSDT@ticker"}
--       -> {"channel":"BTCUSDT@ticker","offset":N,"epoch":"...","data":<the latest publication>} or "data":null
--   In a mesh, a node that could not get every publication to the subscriber (Redis restarted empty)
--   says so instead of skipping silently: reload a snapshot, go on after that offset:
--       {"channel":"BTCUSDT@depth","gap":true,"recovered":false,"offset":N,"epoch":"..."}
-- Order books with a gap-free snapshot (the market service, scripts/services/market.lua, keeps
-- ex:<symbol>@depth_snapshot, tagged with the offset of the last diff it holds):
--   {"op":"subscribe","channel":"BTCUSDT@depth","snapshot":true}
--       -> {"channel":"BTCUSDT@depth","offset":N,"epoch":"...","snapshot":{"s":..,"lastUpdateId":..,"bids":..,"asks":..}}
--          then the diffs after offset N (as above), then {"result":true,"recovered":true,"missed":n,"offset":M,"epoch":"..."}
--   with "since" as well: the missed diffs if the history still holds them (no snapshot), else the snapshot as above.
--   Code 12 when no consistent snapshot could be had twice in a row (not subscribed: try again).
--   The same on a conflated book, e.g. "BTCUSDT@depth_1000ms" (at most one merged diff per second; its
--   snapshot is ex:<symbol>@depth_1000ms_snapshot).
-- A subscribe without "since", "offsets" or "snapshot" gets the published text as it is, as before.
-- Errors: {"code":N,"msg":"..."} (codes below); the connection stays open, except after
-- MAX_AUTH_FAILURES failed auths (code 10, then the connection is closed).
--
-- Channels: public "<symbol>@<type>" maps to "ex:<symbol>@<type>"; the private types
-- "@balance", "@order", "@position", "@account" map to "ex:<uid>@<type>" with the uid that the
-- auth callback returned, so no string a client sends can name another user's channel.
--
-- Server options (config/gateway.yaml, servers[].options):
--   auth_url  where {"token":...} is POSTed; it answers {"uid":1001}
--             (default http://127.0.0.1:8000/websocket_auth)

local PREFIX = "ex:"
local DEFAULT_AUTH_URL = "http://127.0.0.1:8000/websocket_auth"
local PRIVATE_TYPES = { balance = true, order = true, position = true, account = true }
local MAX_CHANNEL_LENGTH = 128
local MAX_TOKEN_LENGTH = 4096
-- A connection may fail auth this many times; the last failure is answered with
-- E_TOO_MANY_AUTH_FAILURES and the connection is closed, so one connection cannot make
-- more than this many calls to the auth service.
local MAX_AUTH_FAILURES = 5

local E_NOT_AUTH = 1             -- a private channel before auth (CONNMIX's code)
local E_BAD_MESSAGE = 2          -- not JSON, not an object, binary frame
local E_UNKNOWN_OP = 3
local E_BAD_CHANNEL = 4
local E_AUTH_FAILED = 5          -- the auth service refused the token
local E_AUTH_UNAVAILABLE = 6     -- the auth service could not be reached or answered nonsense
local E_ALREADY_AUTHENTICATED = 7
local E_SUBSCRIBE_FAILED = 8     -- e.g. too many subscriptions
-- code 9 is the node's own rate-limit reply (servers[].rateLimit.action: error); never sent here
local E_TOO_MANY_AUTH_FAILURES = 10  -- the MAX_AUTH_FAILURES-th failed auth: the connection is closed
local E_NO_HISTORY = 11          -- "since", "offsets" or "current" on a channel that keeps no history
local E_SNAPSHOT_UNAVAILABLE = 12 -- "snapshot": no snapshot consistent with the history, twice: not subscribed

local RESULT_OK = '{"result":true}'

local function reply_error(conn, code, msg)
    local text = mix.json_encode({ code = code, msg = msg })
    conn:send(text)
end

-- A uid from the auth service: a positive integer, as a number or a string of digits.
local function normalize_uid(uid)
    local s
    if type(uid) == "number" then
        if uid < 1 or uid ~= math.floor(uid) then
            return nil
        end
        s = tostring(uid) -- LuaJ's "%.0f" would print "1001.0"
    elseif type(uid) == "string" then
        s = uid
    else
        return nil
    end
    if string.match(s, "^[1-9]%d*$") == nil or #s > 19 then
        return nil
    end
    return s
end

-- Answers one failed auth: the error, or after MAX_AUTH_FAILURES failures a last error and a close.
local function auth_failed(conn, code, msg)
    local failures = (conn:context_value("auth_failures") or 0) + 1
    if failures >= MAX_AUTH_FAILURES then
        mix.log(mix.INFO, "closing after " .. failures .. " failed auth attempts")
        reply_error(conn, E_TOO_MANY_AUTH_FAILURES, "Auth failed: too many failed attempts, closing")
        return conn:close()
    end
    conn:set_context_value("auth_failures", failures)
    return reply_error(conn, code, msg)
end

local function authenticate(conn, data)
    if conn:context_value("uid") ~= nil then
        return reply_error(conn, E_ALREADY_AUTHENTICATED, "Already authenticated")
    end
    local token = data["token"]
    if type(token) ~= "string" or token == "" or #token > MAX_TOKEN_LENGTH then
        return auth_failed(conn, E_AUTH_FAILED, "Auth failed: token must be a non-empty string")
    end
    local auth_url = mix.server.option("auth_url") or DEFAULT_AUTH_URL
    local resp, err = mix.http.request("POST", auth_url, {
        headers = { ["Content-Type"] = "application/json" },
        body = mix.json_encode({ token = token }),
    })
    if err then
        mix.log(mix.WARN, "auth request failed: " .. err)
        return auth_failed(conn, E_AUTH_UNAVAILABLE, "Auth service unavailable")
    end
    if resp.status_code ~= 200 then
        mix.log(mix.DEBUG, "auth refused with status " .. resp.status_code)
        return auth_failed(conn, E_AUTH_FAILED, "Auth failed")
    end
    local body, decode_err = mix.json_decode(resp.body)
    if decode_err or type(body) ~= "table" then
        mix.log(mix.WARN, "auth service answered non-JSON: " .. tostring(decode_err))
        return auth_failed(conn, E_AUTH_UNAVAILABLE, "Auth service unavailable")
    end
    local uid = normalize_uid(body["uid"])
    if uid == nil then
        mix.log(mix.WARN, "auth service answered without a valid uid")
        return auth_failed(conn, E_AUTH_FAILED, "Auth failed")
    end
    conn:set_context_value("uid", uid)
    conn:send(RESULT_OK)
end

-- Maps what the client asked for to the internal channel, or returns nil, code, msg.
local function internal_channel(conn, raw)
    if type(raw) ~= "string" or raw == "" then
        return nil, E_BAD_CHANNEL, "Invalid channel: missing"
    end
    if #raw > MAX_CHANNEL_LENGTH then
        return nil, E_BAD_CHANNEL, "Invalid channel: longer than " .. MAX_CHANNEL_LENGTH .. " bytes"
    end
    local symbol, kind = string.match(raw, "^([%w_%.%-]*)@([a-z0-9_]+)$")
    if symbol == nil then
        return nil, E_BAD_CHANNEL, "Invalid channel: expected <symbol>@<type> or @balance|@order|@position|@account"
    end
    if PRIVATE_TYPES[kind] then
        if symbol ~= "" then
            return nil, E_BAD_CHANNEL, "Invalid channel: private channels take no symbol, use @" .. kind
        end
        local uid = conn:context_value("uid")
        if uid == nil then
            return nil, E_NOT_AUTH, "Not Auth"
        end
        return PREFIX .. uid .. "@" .. kind
    end
    if symbol == "" then
        return nil, E_BAD_CHANNEL, "Invalid channel: public channels need a symbol, e.g. BTCUSDT@" .. kind
    end
    return PREFIX .. symbol .. "@" .. kind
end

-- {"offset":N,"epoch":"..."} from the client, or nil, msg.
local function read_since(since)
    if type(since) ~= "table" or type(since["offset"]) ~= "number" or type(since["epoch"]) ~= "string" then
        return nil, "Invalid since: expected {\"offset\":<integer>,\"epoch\":\"...\"}"
    end
    local offset = since["offset"]
    if offset < 0 or offset ~= math.floor(offset) or #since["epoch"] > 64 then
        return nil, "Invalid since: offset must be a non-negative integer, epoch at most 64 characters"
    end
    return { offset = offset, epoch = since["epoch"] }
end

local function offset_text(n)
    return string.format("%d", n) -- LuaJ's tostring would print "12.0"
end

-- A subscribe that asked for offsets: every message of the subscription comes wrapped, and with
-- "since" the ones missed since then come first (or recovered is false).
local function subscribe_with_offsets(conn, raw, channel, data)
    local options = {
        envelope = '{"channel":' .. mix.json_encode(raw) .. ',"offset":${offset},"epoch":"${epoch}","data":${data}}',
        -- a mesh node that could not get every publication says so: reload a snapshot, go on after offset
        gap = '{"channel":' .. mix.json_encode(raw) .. ',"gap":true,"recovered":false,"offset":${offset},"epoch":"${epoch}"}',
    }
    if data["since"] ~= nil then
        local since, msg = read_since(data["since"])
        if since == nil then
            return reply_error(conn, E_BAD_MESSAGE, msg)
        end
        options.since = since
    end
    if not mix.has_history(channel) then -- the rules only: no Redis read
        return reply_error(conn, E_NO_HISTORY, "No history for channel: " .. raw)
    end
    local err, recovered, missed, position = conn:subscribe(channel, options)
    if err then -- e.g. a mesh's Redis is down or slow: nothing subscribed
        return reply_error(conn, E_SUBSCRIBE_FAILED, "Subscribe failed: " .. err)
    end
    conn:send('{"result":true,"recovered":' .. tostring(recovered) .. ',"missed":' .. offset_text(missed)
        .. ',"offset":' .. offset_text(position.offset) .. ',"epoch":' .. mix.json_encode(position.epoch) .. '}')
end

-- The snapshot side channel's latest publication: offset, epoch, snapshot JSON text; or nil.
local function read_snapshot(channel)
    local pub = mix.current(channel .. "_snapshot")
    if pub == nil then
        return nil
    end
    local offset, epoch, rest = string.match(pub.data, '^{"offset":(%d+),"epoch":("[^"]*"),"snapshot":(.*)}$')
    if offset == nil then
        return nil
    end
    return tonumber(offset), mix.json_decode(epoch), rest
end

-- A depth subscribe with "snapshot": the snapshot tagged with offset N, then every diff after N
-- (from the history, then live), with no gap and no duplicate. With "since", the history is tried
-- first. Not recovered (the snapshot is older than the history, or the epoch changed): the newest
-- snapshot once more, then code 12.
local function subscribe_with_snapshot(conn, raw, channel, data)
    local envelope = '{"channel":' .. mix.json_encode(raw) .. ',"offset":${offset},"epoch":"${epoch}","data":${data}}'
    local _, no_history = mix.history(channel, { limit = 1 })
    if no_history then
        return reply_error(conn, E_NO_HISTORY, "No history for channel: " .. raw)
    end
    local function done(recovered, missed, position)
        conn:send('{"result":true,"recovered":' .. tostring(recovered) .. ',"missed":' .. offset_text(missed)
            .. ',"offset":' .. offset_text(position.offset) .. ',"epoch":' .. mix.json_encode(position.epoch) .. '}')
    end
    if data["since"] ~= nil then
        local since, msg = read_since(data["since"])
        if since == nil then
            return reply_error(conn, E_BAD_MESSAGE, msg)
        end
        local err, recovered, missed, position = conn:subscribe(channel, { since = since, envelope = envelope })
        if err then
            return reply_error(conn, E_SUBSCRIBE_FAILED, "Subscribe failed: " .. err)
        end
        if recovered then
            return done(recovered, missed, position)
        end
        conn:unsubscribe(channel)
    end
    for attempt = 1, 2 do
        local offset, epoch, snapshot = read_snapshot(channel)
        if offset == nil then
            -- no snapshot yet: the book starts empty, every diff so far is needed
            local h = mix.history(channel, { limit = 1 })
            offset, epoch = 0, h.epoch
            local symbol = string.match(raw, "^(.*)@")
            snapshot = '{"s":' .. mix.json_encode(symbol) .. ',"lastUpdateId":0,"bids":[],"asks":[]}'
        end
        conn:send('{"channel":' .. mix.json_encode(raw) .. ',"offset":' .. offset_text(offset) .. ',"epoch":'
            .. mix.json_encode(epoch) .. ',"snapshot":' .. snapshot .. '}')
        local err, recovered, missed, position = conn:subscribe(channel, {
            since = { offset = offset, epoch = epoch }, envelope = envelope })
        if err then
            return reply_error(conn, E_SUBSCRIBE_FAILED, "Subscribe failed: " .. err)
        end
        if recovered then
            return done(recovered, missed, position)
        end
        conn:unsubscribe(channel)
    end
    reply_error(conn, E_SNAPSHOT_UNAVAILABLE, "Snapshot unavailable for channel: " .. raw .. ", try again")
end

local function current(conn, data)
    local channel, code, msg = internal_channel(conn, data["channel"])
    if channel == nil then
        return reply_error(conn, code, msg)
    end
    local pub, err = mix.current(channel)
    if err then
        return reply_error(conn, E_NO_HISTORY, "No history for channel: " .. data["channel"])
    end
    local head = '{"channel":' .. mix.json_encode(data["channel"])
    if pub == nil then
        return conn:send(head .. ',"data":null}')
    end
    conn:send(head .. ',"offset":' .. offset_text(pub.offset) .. ',"epoch":' .. mix.json_encode(pub.epoch)
        .. ',"data":' .. pub.data .. '}')
end

local function change_subscription(conn, op, data)
    local channel, code, msg = internal_channel(conn, data["channel"])
    if channel == nil then
        return reply_error(conn, code, msg)
    end
    if op == "subscribe" and data["snapshot"] == true then
        if string.match(channel, "@depth$") == nil and string.match(channel, "@depth_%d+ms$") == nil then
            return reply_error(conn, E_NO_HISTORY, "No snapshot for channel: " .. data["channel"])
        end
        return subscribe_with_snapshot(conn, data["channel"], channel, data)
    end
    if op == "subscribe" and (data["since"] ~= nil or data["offsets"] == true) then
        return subscribe_with_offsets(conn, data["channel"], channel, data)
    end
    local err
    if op == "subscribe" then
        err = conn:subscribe(channel)
    else
        err = conn:unsubscribe(channel)
    end
    if err then
        return reply_error(conn, E_SUBSCRIBE_FAILED, "Subscribe failed: " .. err)
    end
    conn:send(RESULT_OK)
end

function on_handshake(client_id, headers, server)
    mix.log(mix.DEBUG, "handshake " .. server["RequestUri"] .. " from " .. server["RemoteAddr"])
end

function on_message(msg)
    local conn = mix.websocket()
    if msg["type"] ~= "text" then
        return reply_error(conn, E_BAD_MESSAGE, "Invalid message: binary frames are not supported")
    end
    local data, err = mix.json_decode(msg["data"])
    if err then
        return reply_error(conn, E_BAD_MESSAGE, "Invalid message: not JSON")
    end
    if type(data) ~= "table" or data[1] ~= nil then
        return reply_error(conn, E_BAD_MESSAGE, "Invalid message: expected a JSON object")
    end
    local op = data["op"]
    if op == "auth" then
        return authenticate(conn, data)
    elseif op == "subscribe" or op == "unsubscribe" then
        return change_subscription(conn, op, data)
    elseif op == "current" then
        return current(conn, data)
    elseif op == "ping" then
        return conn:send('{"op":"pong"}')
    end
    return reply_error(conn, E_UNKNOWN_OP, "Unknown op: " .. string.sub(tostring(op), 1, 32))
end

function on_close(client_id, err)
    if err then
        mix.log(mix.DEBUG, "closed: " .. err)
    end
end

-- mixgate example: CONNMIX's worker-auth flow (its docs' "auth through a back-office worker").
--
-- No HTTP callback: the script hands the token to a back-office worker through a queue and
-- waits; the worker checks the token and releases the connection with conn.call over the
-- WebSocket API (/ws/v1), from any node of the mesh.
--
--   client  -> {"op":"auth","token":"..."}
--   script  -> mix.queue.push("auth", {token = ..., client_id = ...}); conn:wait_context_value("uid")
--   worker  <- event {"e":"queue.pop","p":{"n":node,"c":client_id,"t":"auth","d":{"token":...}}}
--   worker  -> {"m":"conn.call","p":{"c":client_id,"f":"set_context_value","a":["uid","1001"]},"i":1}
--   client  <- {"op":"auth","uid":"1001"}             (a uid of "" means the worker refused the token)
--   client  -> {"op":"subscribe","channel":"chat"}  -> {"op":"subscribe","result":true}
--
-- Run it: ./mx run --set servers[0].entry=scripts/examples/worker-auth/entry.websocket.lua
-- and start the worker of README "Back office over WebSocket".

local function reply(conn, tb)
    conn:send(mix.json_encode(tb))
end

local function auth(conn, token)
    if conn:context_value("uid") ~= nil then
        return reply(conn, { op = "auth", error = "already authenticated" })
    end
    if type(token) ~= "string" or token == "" or #token > 4096 then
        return reply(conn, { op = "auth", error = "token must be a non-empty string" })
    end
    local n, err = mix.queue.push("auth", { token = token, client_id = conn:client_id() })
    if n == nil then
        return reply(conn, { op = "auth", error = "auth queue unavailable: " .. tostring(err) })
    end
    -- blocks this connection's callbacks (and only this connection's) until a worker sets it
    local uid, werr = conn:wait_context_value("uid")
    if uid == nil then
        return -- the connection closed while waiting
    end
    if uid == "" then
        conn:set_context_value("uid", nil)
        return reply(conn, { op = "auth", error = "token refused" })
    end
    reply(conn, { op = "auth", uid = uid })
end

function on_handshake(client_id, headers, server)
    return true
end

function on_message(msg)
    local conn = mix.websocket()
    if msg.type ~= "text" then
        return reply(conn, { error = "text frames only" })
    end
    local req = mix.json_decode(msg.data)
    if type(req) ~= "table" then
        return reply(conn, { error = "invalid JSON" })
    end
    if req.op == "auth" then
        return auth(conn, req.token)
    elseif req.op == "subscribe" or req.op == "unsubscribe" then
        local uid = conn:context_value("uid")
        if uid == nil or uid == "" then
            return reply(conn, { op = req.op, error = "not authenticated" })
        end
        if type(req.channel) ~= "string" or not string.match(req.channel, "^[%w_.-]+$") then
            return reply(conn, { op = req.op, error = "invalid channel" })
        end
        local err
        if req.op == "subscribe" then
            err = conn:subscribe("chat:" .. req.channel)
        else
            err = conn:unsubscribe("chat:" .. req.channel)
        end
        if err ~= nil then
            return reply(conn, { op = req.op, error = err })
        end
        return reply(conn, { op = req.op, result = true })
    elseif req.op == "ping" then
        return reply(conn, { op = "pong" })
    end
    reply(conn, { error = "unknown op" })
end

function on_close(client_id, err)
end

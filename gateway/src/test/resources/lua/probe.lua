-- Test probe: runs each text message as Lua code inside a real on_message callback and
-- answers {"ok":true,"r":<result>} or {"ok":false,"r":"<error>"}. "!raise <msg>" raises an
-- uncaught error instead. Binary messages are echoed back as binary.
local helper = require("probe_helper")

function on_handshake(client_id, headers, server)
    if string.find(server.RequestUri, "refuse=1", 1, true) then
        return false
    end
    local conn = mix.websocket()
    conn:set_context_value("handshake", {
        id = client_id,
        uri = server.RequestUri,
        method = server.Method,
        proto = server.ServerProtocol,
        host = server.Host,
        remote = server.RemoteAddr,
        probe_header = headers["X-Probe"],
    })
end

function on_message(msg)
    conn = mix.websocket()
    if msg.type == "binary" then
        conn:send(msg.data, "binary")
        return
    end
    local raise = string.match(msg.data, "^!raise (.*)$")
    if raise then
        error(raise)
    end
    local f, err = loadstring(msg.data)
    if not f then
        conn:send(mix.json_encode({ ok = false, r = "compile: " .. err }))
        return
    end
    local ok, res = pcall(f)
    if res == nil then
        res = "nil"
    end
    local text, encode_err = mix.json_encode({ ok = ok, r = res })
    conn:send(text or mix.json_encode({ ok = false, r = "encode: " .. tostring(encode_err) }))
end

function on_close(client_id, err)
    mix.mesh.publish("closed", client_id .. " " .. tostring(err))
    helper.count_close()
end

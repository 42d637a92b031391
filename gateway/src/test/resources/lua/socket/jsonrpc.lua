-- Test entry of a socket server speaking the bundled jsonrpc protocol: answers each call with
-- {"id":<id>,"result":"<method>:<params as JSON>"}.
local jsonrpc = require("protocols.jsonrpc")

function protocol_input(buf)
    return jsonrpc.input(buf)
end

function protocol_decode(str)
    return jsonrpc.decode(str)
end

function protocol_encode(str)
    return jsonrpc.encode(str)
end

function on_message(msg)
    local conn = mix.socket.tcp()
    if msg.method == "subscribe" then
        conn:subscribe(msg.params[1])
    end
    conn:send(jsonrpc.encode_table({ id = msg.id, result = msg.method .. ":" .. mix.json_encode(msg.params) }))
end

-- mixgate protocol module: JSON-RPC style lines, for socket servers.
-- Written for mixgate; behaves as CONNMIX's protocols/jsonrpc.lua (github.com/connmix/protocols):
-- one JSON object per "\n"-terminated line, each with "method" and "params".
--   input(buf)          -> as protocols.text: the line's length, 0 = wait, -1 = over 65535 bytes
--   decode(str[, conn]) -> the decoded table; a line that is not JSON, not an object, or lacks
--                          method or params closes the connection and returns nil
--   encode(str)         -> str .. "\n"
--   encode_table(tb)    -> mix.json_encode(tb) .. "\n", or nil, err
-- conn defaults to mix.socket.tcp() (the connection of the running callback).

local text = require("protocols.text")

local _M = {}

local EOL = "\n"

_M.max_package_len = text.max_package_len

function _M.input(buf)
    return text.input(buf)
end

function _M.decode(str, conn)
    conn = conn or mix.socket.tcp()
    local tb, err = mix.json_decode(text.decode(str))
    if err or type(tb) ~= "table" or tb["method"] == nil or tb["params"] == nil then
        mix.log(mix.DEBUG, "jsonrpc: not a JSON object with method and params: closing")
        if conn then
            conn:close()
        end
        return nil
    end
    return tb
end

function _M.encode(str)
    return str .. EOL
end

function _M.encode_table(tb)
    local str, err = mix.json_encode(tb)
    if err then
        return nil, err
    end
    return str .. EOL, nil
end

return _M

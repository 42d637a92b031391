-- mixgate protocol module: text, one message per line, for socket servers.
-- Written for mixgate; behaves as CONNMIX's protocols/text.lua (github.com/connmix/protocols):
--   input(buf)   -> length of the first line including its "\n"; 0 = wait for more;
--                   -1 (close) once a line would be longer than max_package_len (65535) bytes
--   decode(str)  -> the line without its "\n" (a "\r" before it is kept, as CONNMIX keeps it)
--   encode(str)  -> str .. "\n"
-- One difference: CONNMIX closes when everything buffered exceeds 65535 bytes, even if it holds
-- several complete lines; this module caps each line, so a client may pipeline many short lines.
--
-- Use from an entry script (scripts/entry.socket.lua shows it whole):
--   local text = require("protocols.text")
--   function protocol_input(buf) return text.input(buf) end
--   function protocol_decode(str) return text.decode(str) end
--   function protocol_encode(str) return text.encode(str) end

local _M = {}

local EOL = "\n"
local max_package_len = 65535

_M.max_package_len = max_package_len

-- Where the first EOL ends, or nil; buf:find (mixgate) avoids copying the buffer for each line.
local function line_end(buf)
    if buf.find then
        return buf:find(EOL)
    end
    return string.find(buf:tostring(), EOL, 1, true)
end

function _M.input(buf)
    local pos = line_end(buf)
    if pos == nil then
        if buf:length() > max_package_len then
            mix.log(mix.DEBUG, "text: line longer than " .. max_package_len .. " bytes")
            return -1
        end
        return 0
    end
    if pos - 1 > max_package_len then
        mix.log(mix.DEBUG, "text: line longer than " .. max_package_len .. " bytes")
        return -1
    end
    return pos
end

function _M.decode(str)
    return string.sub(str, 1, #str - #EOL)
end

function _M.encode(str)
    return str .. EOL
end

return _M

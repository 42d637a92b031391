-- Reading the example's options (mix.server.option: servers[].options or services[].options) with
-- range checks; a bad value stops the script loading with an error naming the key and the value.
local options = {}

-- integer(where, name, default, min, max): where names the options, e.g. "servers[].options"
function options.integer(where, name, default, min, max)
    local raw = mix.server.option(name)
    if raw == nil then
        return default
    end
    local n = tonumber(raw)
    if n == nil or n ~= math.floor(n) or n < min or n > max then
        error(where .. "." .. name .. ": " .. tostring(raw) .. " (expected: an integer " .. min .. ".." .. max .. ")", 0)
    end
    return n
end

return options

-- A module the probe requires, to prove require works from the scripts folder.
local M = {}
local closes = 0

function M.count_close()
    closes = closes + 1
    return closes
end

function M.greet(name)
    return "hello " .. name
end

return M

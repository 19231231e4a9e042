-- wrk script: GET /recommend/{user}?n=10 for a random user id in 1..N (wrk ... -- N).
local maxUser = 943
init = function(args) maxUser = tonumber(args[1]) or maxUser end
request = function()
  return wrk.format("GET", "/recommend/" .. math.random(maxUser) .. "?n=10")
end

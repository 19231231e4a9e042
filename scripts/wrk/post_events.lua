-- wrk script: POST /events, one event per request for a random user in 1..U and item in 1..I
-- (wrk ... -- U I [RATING]; the rating is sent when given: models trained on ratings need one).
local maxUser, maxItem, rating = 943, 1682, nil
init = function(args)
  maxUser = tonumber(args[1]) or maxUser
  maxItem = tonumber(args[2]) or maxItem
  rating = args[3]
end
request = function()
  local body = '{"user": "' .. math.random(maxUser) .. '", "item": "' .. math.random(maxItem) .. '"'
  if rating then body = body .. ', "rating": ' .. rating end
  return wrk.format("POST", "/events", {["Content-Type"] = "application/json"}, body .. "}")
end

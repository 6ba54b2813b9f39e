-- GET /api/v1/products/{id} with ids drawn uniformly over the whole table.
local min_id, max_id = @MIN_ID@, @MAX_ID@

request = function()
  return wrk.format("GET", "/api/v1/products/" .. math.random(min_id, max_id))
end

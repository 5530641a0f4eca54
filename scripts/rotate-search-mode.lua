-- ../shared/tools/rotate_search.lua with a search mode: GET /api/search with a different real
-- query on each request, &mode=$MODE (keyword, semantic or hybrid; unset: the server's default).
local queries = {}
local mode = os.getenv("MODE")
local f = io.open(os.getenv("QUERIES") or "search_queries.txt")
for line in f:lines() do
  local q = line:gsub("[^%w ]", ""):gsub(" ", "+")
  queries[#queries + 1] = "/api/search?limit=20&q=" .. q .. (mode and ("&mode=" .. mode) or "")
end
f:close()
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", queries[i])
end
done = function(summary, latency, requests)
  io.write(string.format("p50_ms %.2f p99_ms %.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

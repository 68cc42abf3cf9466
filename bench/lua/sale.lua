-- wrk script: the flash-sale mix in the closed model (bench/load closed). Each request is, at random, a product view
-- (GET /api/products/{id}) or a buy (POST LOAD_BUY_PATH, default /api/orders) by a buyer drawn from the token file,
-- with a fresh Idempotency-Key "<LOAD_RUN>-<thread>-<n>" (so the keys sent are known afterwards: n up to the
-- thread's last). Products: LOAD_HOT_SHARE of the requests go to the hot products LOAD_HOT_FIRST..LOAD_HOT_LAST, the
-- rest to the tail LOAD_TAIL_FIRST..LOAD_TAIL_LAST, uniformly. In the last LOAD_GRACE seconds of LOAD_DURATION only
-- views are sent, so that wrk, which stops with requests in flight, stops with no buy in flight.
--
-- Writes to LOAD_OUT/LOAD_PREFIX-: orders.txt (each 201's "orderId productId"), status-series.txt (per second and
-- status, the responses counted: "second status count"), summary.txt (key value lines: requests, errors, statuses,
-- keys sent and buys answered per thread, latency percentiles in microseconds).

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  threads[next_id] = thread
  next_id = next_id + 1
end

local function env_number(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then return default end
  return tonumber(value)
end

function init(args)
  run = os.getenv("LOAD_RUN") or "run"
  buy_path = os.getenv("LOAD_BUY_PATH") or "/api/orders"
  buy_share = env_number("LOAD_BUY_SHARE", 0.2)
  hot_share = env_number("LOAD_HOT_SHARE", 0.5)
  hot_first = env_number("LOAD_HOT_FIRST", 1)
  hot_last = env_number("LOAD_HOT_LAST", 5)
  tail_first = env_number("LOAD_TAIL_FIRST", 6)
  tail_last = env_number("LOAD_TAIL_LAST", 10005)
  buys_until = os.time() + env_number("LOAD_DURATION", 30) - env_number("LOAD_GRACE", 5)
  tokens = {}
  for line in io.lines(os.getenv("LOAD_TOKENS")) do
    local token = line:match("^%S+%s+(%S+)$")
    if token then tokens[#tokens + 1] = "Bearer " .. token end
  end
  math.randomseed(os.time() * 1000 + id)
  sent = 0
  answered_buys = 0
  statuses = {}
  series = {}
  orders = {}
end

local function product()
  if math.random() < hot_share then
    return math.random(hot_first, hot_last)
  end
  return math.random(tail_first, tail_last)
end

function request()
  if math.random() < buy_share and os.time() < buys_until then
    sent = sent + 1
    local headers = {
      ["Authorization"] = tokens[math.random(#tokens)],
      ["Idempotency-Key"] = run .. "-" .. id .. "-" .. sent,
      ["Content-Type"] = "application/json",
    }
    return wrk.format("POST", buy_path, headers, '{"productId":' .. product() .. ',"quantity":1}')
  end
  return wrk.format("GET", "/api/products/" .. product())
end

-- The answers only a buy gets: a sale, its refusals, and a node's overload refusal (which only purchases get).
local buy_statuses = { [201] = true, [402] = true, [404] = true, [409] = true, [422] = true }

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if buy_statuses[status] or (status == 503 and body:find("problem:overloaded", 1, true)) then
    answered_buys = answered_buys + 1
  end
  -- One level only: wrk's thread:get cannot copy nested tables.
  local key = os.time() .. " " .. status
  series[key] = (series[key] or 0) + 1
  if status == 201 then
    local order = body:match('"orderId"%s*:%s*(%d+)')
    local product_id = body:match('"productId"%s*:%s*(%d+)')
    orders[#orders + 1] = (order or "?") .. " " .. (product_id or "?")
  end
end

function done(summary, latency, requests)
  local out = os.getenv("LOAD_OUT") .. "/" .. (os.getenv("LOAD_PREFIX") or "closed")
  local orders_file = io.open(out .. "-orders.txt", "w")
  local series_file = io.open(out .. "-status-series.txt", "w")
  local all_statuses = {}
  local all_series = {}
  local summary_file = io.open(out .. "-summary.txt", "w")
  for thread_id, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("orders")) do orders_file:write(line, "\n") end
    for status, count in pairs(thread:get("statuses")) do
      all_statuses[status] = (all_statuses[status] or 0) + count
    end
    for key, count in pairs(thread:get("series")) do
      all_series[key] = (all_series[key] or 0) + count
    end
    summary_file:write("keys_sent ", thread:get("run"), "-", thread:get("id"), " ", thread:get("sent"), "\n")
    summary_file:write("answered_buys ", thread:get("answered_buys"), "\n")
  end
  for key, count in pairs(all_series) do series_file:write(key, " ", count, "\n") end
  summary_file:write("requests ", summary.requests, "\n")
  summary_file:write("duration_us ", summary.duration, "\n")
  summary_file:write("bytes ", summary.bytes, "\n")
  for name, count in pairs(summary.errors) do summary_file:write("errors_", name, " ", count, "\n") end
  for status, count in pairs(all_statuses) do summary_file:write("status ", status, " ", count, "\n") end
  for _, p in ipairs({50, 75, 90, 99, 99.9, 99.99}) do
    summary_file:write("latency_us p", p, " ", latency:percentile(p), "\n")
  end
  summary_file:write("latency_us max ", latency.max, "\n")
  summary_file:write("latency_us mean ", latency.mean, "\n")
  orders_file:close()
  series_file:close()
  summary_file:close()
end

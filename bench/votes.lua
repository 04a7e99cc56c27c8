-- wrk script for bench/ballot.py: every member votes exactly once.
-- Run with as many connections as threads (-t N -c N): each thread then sends its
-- share of the tokens one after another on its own connection and stops after the
-- last answer, so no extra request is ever sent. wrk itself runs until its -d
-- duration, so each thread appends a line to DONE_FILE when it has finished and the
-- caller stops wrk with SIGINT once all have. Reads TOKENS (one per line),
-- BALLOT_PATH, BODY and DONE_FILE from the environment; prints one JSON object at the end.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(os.getenv("WRK_THREADS"))
  tokens = {}
  local i = 0
  for line in io.lines(os.getenv("TOKENS")) do
    if i % count == id then table.insert(tokens, line) end
    i = i + 1
  end
  path = os.getenv("BALLOT_PATH")
  body = os.getenv("BODY")
  sent, answered = 0, 0
  created, conflict, refused, failed, other, other_status = 0, 0, 0, 0, 0, 0
  if #tokens == 0 then finish() end
end

function finish()
  local marker = io.open(os.getenv("DONE_FILE"), "a")
  marker:write(id .. "\n")
  marker:close()
  wrk.thread:stop()
end

-- The next token follows the answers, not the calls: wrk calls request() once more on
-- its first thread at start-up (to check for pipelining), and one connection per thread
-- means a request goes out only after the previous answer came back.
function request()
  sent = answered + 1
  if sent > #tokens then  -- not a vote and not counted, should wrk ask once more before stopping
    return wrk.format("GET", "/api/v1/openapi.json")
  end
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. tokens[sent],
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, response_body)
  if answered >= #tokens then return end
  answered = answered + 1
  if status == 201 then created = created + 1
  elseif status == 409 then conflict = conflict + 1
  elseif status == 401 or status == 403 then refused = refused + 1
  elseif status >= 500 then failed = failed + 1
  else
    other = other + 1
    other_status = status
  end
  if answered == #tokens then finish() end
end

function done(summary, latency, requests)
  local sums = {created = 0, conflict = 0, refused = 0, failed = 0, other = 0, answered = 0}
  local other_status = 0
  for _, thread in ipairs(threads) do
    for key, _ in pairs(sums) do sums[key] = sums[key] + thread:get(key) end
    if thread:get("other_status") ~= 0 then other_status = thread:get("other_status") end
  end
  io.write(string.format(
    '{"requests": %d, "answered": %d, "created": %d, "conflict": %d, "refused": %d, "failed": %d, ' ..
    '"other": %d, "other_status": %d, "socket_errors": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d}\n',
    summary.requests, sums.answered, sums.created, sums.conflict, sums.refused, sums.failed, sums.other, other_status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end

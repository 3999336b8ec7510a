-- Reserve one request's worst case on every budget window it counts against: check all, then hold all.
-- Runs atomically in Redis, so requests from any number of nodes are serialised per call.
-- KEYS, three per budget window i: counter hash {spent, reserved}, holds zset (member request id,
--   score expiry epoch ms), amounts hash (request id -> held nusd).
-- ARGV: request id, now ms, hold expiry ms, worst case nusd, then four per window i:
--   limit nusd, soft nusd or -1, seed nusd or -1 (not computed yet), expire-at epoch seconds or -1.
-- Replies: {'ok', soft-crossed window indexes...} | {'over', i, spent, reserved, already held by this id}
--   | {'seed', window indexes...} when a window is new and no seed was given (nothing was written then).
-- Amounts stay strings on their way into HINCRBY: Lua numbers are doubles and print as %.14g, so they
-- are only used for comparisons (exact below 2^53 nusd, about 9 million USD).
local n = #KEYS / 3
local id, now, expiry, worst = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local function arg(i, k) return ARGV[4 + 4 * (i - 1) + k] end

local missing = {}
for i = 1, n do
  if redis.call('EXISTS', KEYS[3 * i - 2]) == 0 and arg(i, 3) == '-1' then missing[#missing + 1] = i end
end
if #missing > 0 then return {'seed', unpack(missing)} end

for i = 1, n do
  local counter, holds, amounts = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  if redis.call('HSETNX', counter, 'spent', arg(i, 3)) == 1 then redis.call('HSETNX', counter, 'reserved', '0') end
  -- Holds of requests that never settled (their node died) give their money back when they expire.
  local expired = redis.call('ZRANGEBYSCORE', holds, '-inf', '(' .. now)
  for _, member in ipairs(expired) do
    local held = redis.call('HGET', amounts, member)
    if held and held ~= '0' then redis.call('HINCRBY', counter, 'reserved', '-' .. held) end
    redis.call('HDEL', amounts, member)
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', holds, '-inf', '(' .. now) end
end

-- A retried reserve for the same request replaces its earlier hold instead of adding a second one.
for i = 1, n do
  local counter, amounts = KEYS[3 * i - 2], KEYS[3 * i]
  local spent = redis.call('HGET', counter, 'spent')
  local reserved = redis.call('HGET', counter, 'reserved')
  local prior = redis.call('HGET', amounts, id) or '0'
  if tonumber(spent) + tonumber(reserved) - tonumber(prior) + tonumber(worst) > tonumber(arg(i, 1)) then
    return {'over', i, spent, reserved, prior}
  end
end

local soft = {}
for i = 1, n do
  local counter, holds, amounts = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local prior = redis.call('HGET', amounts, id)
  if prior and prior ~= '0' then redis.call('HINCRBY', counter, 'reserved', '-' .. prior) end
  redis.call('HINCRBY', counter, 'reserved', worst)
  redis.call('HSET', amounts, id, worst)
  redis.call('ZADD', holds, expiry, id)
  local expireAt = arg(i, 4)
  if expireAt ~= '-1' then
    redis.call('EXPIREAT', counter, expireAt)
    redis.call('EXPIREAT', holds, expireAt)
    redis.call('EXPIREAT', amounts, expireAt)
  end
  local softLimit = arg(i, 2)
  if softLimit ~= '-1' then
    local total = tonumber(redis.call('HGET', counter, 'spent')) + tonumber(redis.call('HGET', counter, 'reserved'))
    if total > tonumber(softLimit) then soft[#soft + 1] = i end
  end
end
return {'ok', unpack(soft)}

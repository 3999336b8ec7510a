-- Admit one request against fixed one-minute windows of a key: check both limits, then count both.
-- KEYS: requests counter, tokens counter (both of the current minute).
-- ARGV: rpm limit or -1, tpm limit or -1, tokens of this request, seconds to keep the counters.
-- Reply: {1, 'ok', 0} | {0, 'rpm' | 'tpm' | 'large', count so far}. A refused request is not counted.
local rpm, tpm, tokens = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if rpm >= 0 and requests + 1 > rpm then return {0, 'rpm', requests} end
if tpm >= 0 and tokens > tpm then return {0, 'large', used} end
if tpm >= 0 and used + tokens > tpm then return {0, 'tpm', used} end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
if tokens > 0 then
  redis.call('INCRBY', KEYS[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
return {1, 'ok', 0}

-- Add tokens a request used beyond its admission estimate (its output) to the current minute.
-- KEYS: tokens counter. ARGV: tokens, seconds to keep the counter.
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return total

-- Settle one request: release its hold where it still exists (reserved -= held) and add what it
-- actually cost to spent. A hold that already expired was released by a reserve; then only spent moves.
-- KEYS, three per budget window (as in reserve.lua): counter hash, holds zset, amounts hash.
-- ARGV: request id, actual nusd.
for i = 1, #KEYS / 3 do
  local counter, holds, amounts = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local held = redis.call('HGET', amounts, ARGV[1])
  if held then
    if held ~= '0' then redis.call('HINCRBY', counter, 'reserved', '-' .. held) end
    redis.call('HDEL', amounts, ARGV[1])
    redis.call('ZREM', holds, ARGV[1])
  end
  -- A counter that is gone (Redis lost it) is reseeded from the ledger, which will carry this cost.
  if ARGV[2] ~= '0' and redis.call('EXISTS', counter) == 1 then redis.call('HINCRBY', counter, 'spent', ARGV[2]) end
end
return 1

/**
 * The Lua scripts of the Redis room directory (`redis-rooms.ts`): each membership change is one
 * atomic step in Redis ("check, change, number the event, publish it").
 */
import type { Redis } from 'ioredis';

// KEYS: room hash, seq key, node-rooms set. ARGV: id, record, max, room, channel, node, name,
// state text.
const JOIN_SCRIPT = `
local n = redis.call('HLEN', KEYS[1])
if n >= tonumber(ARGV[3]) then return {0} end
local all = redis.call('HGETALL', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local seq = redis.call('INCR', KEYS[2])
redis.call('PERSIST', KEYS[2])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('PUBLISH', ARGV[5], cjson.encode({t='j', id=ARGV[1], name=ARGV[7], state=ARGV[8], node=ARGV[6], seq=seq}))
return {1, seq, all}
`;

// KEYS: room hash, seq key. ARGV: id, channel, node. Only the owning process removes a peer
// (after a resume elsewhere, the old process's late leave must not remove it).
const LEAVE_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local ok, rec = pcall(cjson.decode, raw)
if ok and rec.node ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local seq = redis.call('INCR', KEYS[2])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('PEXPIRE', KEYS[2], 86400000) end
redis.call('PUBLISH', ARGV[2], cjson.encode({t='l', id=ARGV[1], seq=seq}))
return seq
`;

// KEYS: room hash, seq key. ARGV: dead node, channel, now (ms). Returns members left in grace.
const SWEEP_SCRIPT = `
local all = redis.call('HGETALL', KEYS[1])
local waiting = 0
for i = 1, #all, 2 do
  local ok, rec = pcall(cjson.decode, all[i + 1])
  if ok and rec.node == ARGV[1] then
    if rec.g and tonumber(rec.g) > tonumber(ARGV[3]) then
      waiting = waiting + 1
    else
      redis.call('HDEL', KEYS[1], all[i])
      local seq = redis.call('INCR', KEYS[2])
      redis.call('PUBLISH', ARGV[2], cjson.encode({t='l', id=all[i], seq=seq}))
    end
  end
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('PEXPIRE', KEYS[2], 86400000) end
return waiting
`;

// KEYS: room hash, seq key, node-rooms set. ARGV: id, old hash, new hash, node, room, channel.
const CLAIM_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {0} end
local rec = cjson.decode(raw)
if rec.rh ~= ARGV[2] then return {0} end
local old = rec.node
rec.node = ARGV[4]
rec.rh = ARGV[3]
rec.g = nil
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
redis.call('SADD', KEYS[3], ARGV[5])
redis.call('PUBLISH', ARGV[6], cjson.encode({t='m', id=ARGV[1], node=ARGV[4], from=old}))
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
return {1, rec.n, seq, redis.call('HGETALL', KEYS[1])}
`;

// KEYS: room hash. ARGV: id, field, value ('' deletes the field), node (must own it).
const SET_FIELD_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local rec = cjson.decode(raw)
if rec.node ~= ARGV[4] then return 0 end
if ARGV[3] == '' then rec[ARGV[2]] = nil else rec[ARGV[2]] = ARGV[3] end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
return 1
`;

// KEYS: room hash, seq key, node-rooms set. ARGV: id, record, room, channel, node, name, min seq,
// state text.
// Registers a local peer again after Redis lost it (no limit check: it was admitted), numbering
// the event past every number the process saw for the room.
const RESTORE_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current < tonumber(ARGV[7]) then redis.call('SET', KEYS[2], ARGV[7]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local seq = redis.call('INCR', KEYS[2])
redis.call('PERSIST', KEYS[2])
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('PUBLISH', ARGV[4], cjson.encode({t='r', id=ARGV[1], name=ARGV[6], state=ARGV[8], node=ARGV[5], seq=seq}))
return seq
`;

// KEYS: room hash, seq key. ARGV: id, node (must own it), channel, name given ('1'/'0'), name,
// state given ('1'/'0'), state text. The state is kept as text: cjson would not keep every JSON
// value as it is (empty arrays, number precision).
const UPDATE_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local rec = cjson.decode(raw)
if rec.node ~= ARGV[2] then return 0 end
if ARGV[4] == '1' then rec.n = ARGV[5] end
if ARGV[6] == '1' then rec.s = ARGV[7] end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
local seq = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[3], cjson.encode({t='u', id=ARGV[1], name=rec.n, state=rec.s or '{}', node=ARGV[2], seq=seq}))
return seq
`;

type ScriptName = 'rtcJoin' | 'rtcLeave' | 'rtcSweep' | 'rtcClaim' | 'rtcSetField' | 'rtcRestore' | 'rtcUpdate';
export type ScriptCaller = Record<ScriptName, (...args: Array<string | number>) => Promise<unknown>>;

/** Numbers of keys of each script, as `defineCommand` needs them. */
const SCRIPTS: Record<ScriptName, { numberOfKeys: number; lua: string }> = {
  rtcJoin: { numberOfKeys: 3, lua: JOIN_SCRIPT },
  rtcLeave: { numberOfKeys: 2, lua: LEAVE_SCRIPT },
  rtcSweep: { numberOfKeys: 2, lua: SWEEP_SCRIPT },
  rtcClaim: { numberOfKeys: 3, lua: CLAIM_SCRIPT },
  rtcSetField: { numberOfKeys: 1, lua: SET_FIELD_SCRIPT },
  rtcRestore: { numberOfKeys: 3, lua: RESTORE_SCRIPT },
  rtcUpdate: { numberOfKeys: 2, lua: UPDATE_SCRIPT },
};

/** Defines every script on `client` as a command (`client.rtcJoin(...)`, ...). */
export function defineScripts(client: Redis): void {
  for (const [name, script] of Object.entries(SCRIPTS)) client.defineCommand(name, script);
}

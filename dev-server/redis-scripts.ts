/**
 * The Lua scripts of the Redis room directory (`redis-rooms.ts`): each membership change is one
 * atomic step in Redis ("check, change, number the event, publish it").
 *
 * A room's events go to the processes that have members in it, each on its own channel
 * (`<prefix>to:<node>`, beside the frames relayed to it): `<prefix>rn:<room>` counts each
 * process's members of the room, and `TELL` publishes one message per process listed there.
 * Every script that changes a room gets that hash as a key and the channel prefix as an argument.
 */
import type { Redis } from 'ioredis';

/** Publishes `msg` to every process with members in the room (`nodes`: its `rn:` hash). */
const TELL = `
local function tell(nodes, prefix, msg, also)
  local list = redis.call('HKEYS', nodes)
  for i = 1, #list do
    if list[i] ~= also then redis.call('PUBLISH', prefix .. list[i], msg) end
  end
  if also then redis.call('PUBLISH', prefix .. also, msg) end
end
local function count(nodes, node, by)
  if redis.call('HINCRBY', nodes, node, by) <= 0 then redis.call('HDEL', nodes, node) end
end
`;

// KEYS: room hash, seq key, node-rooms set, room nodes. ARGV: id, record, max, room, channel
// prefix, node, name, state text, media mode ('' for a 1.1 client).
const JOIN_SCRIPT = `${TELL}
local n = redis.call('HLEN', KEYS[1])
if n >= tonumber(ARGV[3]) then return {0} end
local all = redis.call('HGETALL', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local seq = redis.call('INCR', KEYS[2])
redis.call('PERSIST', KEYS[2])
redis.call('SADD', KEYS[3], ARGV[4])
count(KEYS[4], ARGV[6], 1)
tell(KEYS[4], ARGV[5], cjson.encode({t='j', r=ARGV[4], id=ARGV[1], name=ARGV[7], state=ARGV[8], node=ARGV[6], seq=seq, m=ARGV[9]}))
return {1, seq, all}
`;

// KEYS: room hash, seq key, room nodes, room meeting. ARGV: id, channel prefix, node, room. Only
// the owning process removes a peer (after a resume elsewhere, the old process's late leave must
// not remove it). The room's meeting state (its lock) goes with its last member.
const LEAVE_SCRIPT = `${TELL}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local ok, rec = pcall(cjson.decode, raw)
if ok and rec.node ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local seq = redis.call('INCR', KEYS[2])
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('PEXPIRE', KEYS[2], 86400000)
  redis.call('DEL', KEYS[4])
end
count(KEYS[3], ARGV[3], -1)
tell(KEYS[3], ARGV[2], cjson.encode({t='l', r=ARGV[4], id=ARGV[1], seq=seq}))
return seq
`;

// KEYS: room hash, seq key, room nodes, room meeting. ARGV: dead node, channel prefix, now (ms),
// room. Returns members left in grace.
const SWEEP_SCRIPT = `${TELL}
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
      count(KEYS[3], ARGV[1], -1)
      tell(KEYS[3], ARGV[2], cjson.encode({t='l', r=ARGV[4], id=all[i], seq=seq}))
    end
  end
end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('PEXPIRE', KEYS[2], 86400000)
  redis.call('DEL', KEYS[4])
end
return waiting
`;

// KEYS: room hash, seq key, node-rooms set, room nodes. ARGV: id, old hash, new hash, node, room,
// channel prefix. The old process hears of it even when it has no other member there.
const CLAIM_SCRIPT = `${TELL}
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
if type(old) == 'string' then count(KEYS[4], old, -1) end
count(KEYS[4], ARGV[4], 1)
tell(KEYS[4], ARGV[6], cjson.encode({t='m', r=ARGV[5], id=ARGV[1], node=ARGV[4], from=old}), type(old) == 'string' and old or nil)
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

// KEYS: room hash, seq key, node-rooms set, room nodes. ARGV: id, record, room, channel prefix,
// node, name, min seq, state text, media mode.
// Registers a local peer again after Redis lost it (no limit check: it was admitted), numbering
// the event past every number the process saw for the room.
const RESTORE_SCRIPT = `${TELL}
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current < tonumber(ARGV[7]) then redis.call('SET', KEYS[2], ARGV[7]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local seq = redis.call('INCR', KEYS[2])
redis.call('PERSIST', KEYS[2])
redis.call('SADD', KEYS[3], ARGV[3])
count(KEYS[4], ARGV[5], 1)
tell(KEYS[4], ARGV[4], cjson.encode({t='r', r=ARGV[3], id=ARGV[1], name=ARGV[6], state=ARGV[8], node=ARGV[5], seq=seq, m=ARGV[9]}))
return seq
`;

// KEYS: room hash, seq key, room nodes. ARGV: id, node (must own it), channel prefix, name given
// ('1'/'0'), name, state given ('1'/'0'), state text, room. The state is kept as text: cjson would not keep every JSON
// value as it is (empty arrays, number precision).
const UPDATE_SCRIPT = `${TELL}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local rec = cjson.decode(raw)
if rec.node ~= ARGV[2] then return 0 end
if ARGV[4] == '1' then rec.n = ARGV[5] end
if ARGV[6] == '1' then rec.s = ARGV[7] end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
local seq = redis.call('INCR', KEYS[2])
tell(KEYS[3], ARGV[3], cjson.encode({t='u', r=ARGV[8], id=ARGV[1], name=rec.n, state=rec.s or '{}', node=ARGV[2], seq=seq, m=rec.m or ''}))
return seq
`;

// KEYS: room meeting, room nodes, room hash. ARGV: '1' locks, '' unlocks; channel prefix; the
// note for the room's processes. A room without members is not locked (its lock would outlive it).
const LOCK_SCRIPT = `${TELL}
if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'locked', '1') else redis.call('HDEL', KEYS[1], 'locked') end
tell(KEYS[2], ARGV[2], ARGV[3])
return 1
`;

// KEYS: room meeting, room hash, ban key. Whether the room is locked, the token banned, and the
// room's first host (`--hosts first`) if it is a member ('' if none).
const ADMISSION_SCRIPT = `
local first = redis.call('HGET', KEYS[1], 'first')
if first and redis.call('HEXISTS', KEYS[2], first) == 0 then first = false end
return {redis.call('HEXISTS', KEYS[1], 'locked'), redis.call('EXISTS', KEYS[3]), first or ''}
`;

// KEYS: room meeting, room hash, room nodes. ARGV: claimant id ('' none), leaving first host ('' none),
// channel prefix, note 'host', note 'vacant'. The first host is taken by a member when the room has
// none that is a member (or it is the one leaving); left by its host with nobody to pass it to, it
// goes and the room's processes hear so. Returns the room's first host after it ('' none).
const HOST_SCRIPT = `${TELL}
local first = redis.call('HGET', KEYS[1], 'first')
if first and first ~= ARGV[2] and redis.call('HEXISTS', KEYS[2], first) == 1 then return first end
if ARGV[1] ~= '' and redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'first', ARGV[1])
  tell(KEYS[3], ARGV[3], ARGV[4])
  return ARGV[1]
end
if ARGV[2] ~= '' and first == ARGV[2] then
  redis.call('HDEL', KEYS[1], 'first')
  tell(KEYS[3], ARGV[3], ARGV[5])
end
return ''
`;

// KEYS: room knocks, room nodes. ARGV: knock id, its record ('' removes it), channel prefix, note.
const KNOCK_SCRIPT = `${TELL}
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
tell(KEYS[2], ARGV[3], ARGV[4])
return 1
`;

// KEYS: room knocks. ARGV: liveness key prefix (`<prefix>node:`). The knocks of live processes, as
// a flat list (id, record, ...); those of dead processes go.
const KNOCKS_SCRIPT = `
local all = redis.call('HGETALL', KEYS[1])
local live = {}
for i = 1, #all, 2 do
  local ok, rec = pcall(cjson.decode, all[i + 1])
  if ok and type(rec.node) == 'string' and redis.call('EXISTS', ARGV[1] .. rec.node) == 1 then
    live[#live + 1] = all[i]
    live[#live + 1] = all[i + 1]
  else
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return live
`;

// KEYS: room nodes, room knocks. ARGV: channel prefix, the note. To every process with members or
// knocks in the room.
const TELL_SCRIPT = `${TELL}
tell(KEYS[1], ARGV[1], ARGV[2])
local knocks = redis.call('HVALS', KEYS[2])
local told = {}
for i = 1, #knocks do
  local ok, rec = pcall(cjson.decode, knocks[i])
  if ok and type(rec.node) == 'string' and not told[rec.node] and redis.call('HEXISTS', KEYS[1], rec.node) == 0 then
    told[rec.node] = true
    redis.call('PUBLISH', ARGV[1] .. rec.node, ARGV[2])
  end
end
return 1
`;

type ScriptName =
  | 'rtcJoin'
  | 'rtcLeave'
  | 'rtcSweep'
  | 'rtcClaim'
  | 'rtcSetField'
  | 'rtcRestore'
  | 'rtcUpdate'
  | 'rtcLock'
  | 'rtcTell'
  | 'rtcAdmission'
  | 'rtcHost'
  | 'rtcKnock'
  | 'rtcKnocks';
export type ScriptCaller = Record<ScriptName, (...args: Array<string | number>) => Promise<unknown>>;

/** Numbers of keys of each script, as `defineCommand` needs them. */
const SCRIPTS: Record<ScriptName, { numberOfKeys: number; lua: string }> = {
  rtcJoin: { numberOfKeys: 4, lua: JOIN_SCRIPT },
  rtcLeave: { numberOfKeys: 4, lua: LEAVE_SCRIPT },
  rtcSweep: { numberOfKeys: 4, lua: SWEEP_SCRIPT },
  rtcClaim: { numberOfKeys: 4, lua: CLAIM_SCRIPT },
  rtcSetField: { numberOfKeys: 1, lua: SET_FIELD_SCRIPT },
  rtcRestore: { numberOfKeys: 4, lua: RESTORE_SCRIPT },
  rtcUpdate: { numberOfKeys: 3, lua: UPDATE_SCRIPT },
  rtcLock: { numberOfKeys: 3, lua: LOCK_SCRIPT },
  rtcTell: { numberOfKeys: 2, lua: TELL_SCRIPT },
  rtcAdmission: { numberOfKeys: 3, lua: ADMISSION_SCRIPT },
  rtcHost: { numberOfKeys: 3, lua: HOST_SCRIPT },
  rtcKnock: { numberOfKeys: 2, lua: KNOCK_SCRIPT },
  rtcKnocks: { numberOfKeys: 1, lua: KNOCKS_SCRIPT },
};

/** Defines every script on `client` as a command (`client.rtcJoin(...)`, ...). */
export function defineScripts(client: Redis): void {
  for (const [name, script] of Object.entries(SCRIPTS)) client.defineCommand(name, script);
}

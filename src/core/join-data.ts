/**
 * The one check of a `join`'s data (docs/protocol.md), shared by the server, which refuses a bad
 * join, and the client, which throws before it sends one.
 */
import { checkState, isValidName, isValidRoom, type StateCheck } from './protocol.js';

/** Longest accepted `join.data.token`, in characters. */
export const MAX_TOKEN_LENGTH = 8192;
/** Longest accepted `join.data.resume`, in characters. */
export const MAX_RESUME_LENGTH = 256;

/** The fields of a join's data that are checked; all but `room` may be absent. */
export interface JoinFields {
  room: unknown;
  name?: unknown;
  token?: unknown;
  resume?: unknown;
  state?: unknown;
}

/** What is wrong with a join: the field, or for `state`, why (see `checkState`). */
export type JoinFault = 'room' | 'name' | 'token' | 'resume' | Exclude<StateCheck, 'ok'>;

/**
 * The first invalid field of a join, in the order room, name, token, resume, state; undefined
 * when it is valid. `room` must be a room name; the others may be absent (undefined), or are a
 * display name, a string of at most {@link MAX_TOKEN_LENGTH} or {@link MAX_RESUME_LENGTH}
 * characters, and a participant state.
 */
export function joinFault({ room, name, token, resume, state }: JoinFields): JoinFault | undefined {
  if (!isValidRoom(room)) return 'room';
  if (name !== undefined && !isValidName(name)) return 'name';
  if (token !== undefined && (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)) return 'token';
  if (resume !== undefined && (typeof resume !== 'string' || resume.length > MAX_RESUME_LENGTH)) return 'resume';
  const check = state === undefined ? 'ok' : checkState(state);
  return check === 'ok' ? undefined : check;
}

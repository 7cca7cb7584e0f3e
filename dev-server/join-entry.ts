/**
 * A join's data as the server checks it (each field that is not valid gets its own reply), and
 * what a join that passed its checks carries into the room (`Entry`), kept while it waits for a host.
 */
import type { ErrorCode, MediaMode, ParticipantState } from '../src/core/protocol.js';
import { MEDIA_MODES } from '../src/core/protocol.js';
import { joinFault, type JoinFault, type JoinFields } from '../src/core/join-data.js';
import type { Connection } from './connections.js';
import { checkStateField } from './participant-state.js';

/** The server's reply to each join field that is not valid (`state` has its own: `checkStateField`). */
const FIELD_FAULTS: Partial<Record<JoinFault, string>> = {
  room: '`room` must be 1 to 64 characters of A-Z a-z 0-9 . _ -',
  name: '`name` must be text of at most 64 characters',
  token: '`token` must be a string',
  resume: '`resume` must be a string',
};

/** A join that passed its checks (and auth): what entering the room needs, kept while it waits for a host. */
export interface Entry {
  connection: Connection;
  room: string;
  name: string;
  /** The name the join token gave, if any. */
  fixedName: string | undefined;
  state: ParticipantState;
  media: MediaMode | undefined;
  /** Its token says `role: host`. */
  host: boolean;
  /** Its token says `wait: true`. */
  wait: boolean;
  /** The hash of its join token (auth). */
  tokenHash: string | undefined;
}

/** Why the server refuses a join's `data` (an object), or undefined when every field is valid. */
export function joinRefusal(data: Record<string, unknown>): { code: ErrorCode; message: string } | undefined {
  const fault = joinFault(data as unknown as JoinFields);
  if (fault !== undefined) {
    const why = FIELD_FAULTS[fault];
    if (why !== undefined) return { code: 'bad-message', message: why };
    const checked = checkStateField(data.state);
    if (!checked.ok) return { code: checked.code, message: checked.message };
  }
  if (data.media !== undefined && !MEDIA_MODES.includes(data.media as MediaMode))
    return { code: 'bad-message', message: '`media` must be auto, mesh or sfu' };
  return undefined;
}

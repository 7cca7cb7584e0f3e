/**
 * What a participant's tile reads of its media through Janus: the receiving connection's state
 * (or the outage's, while the session is lost), the transport's error once it shows `failed`, and
 * statistics narrowed to this participant's streams (the one receiving connection carries
 * everyone's).
 */
import type { RtcError } from '../../errors.js';
import type { Participant, ParticipantTransport } from '../../participant.js';
import type { TransportConnection } from '../transport.js';
import type { RemoteMedia } from './remote-media.js';

/** After this many failed tries in a row, the participants show `failed` (the transport goes on trying). */
export const FAILED_AFTER = 3;

/** The transport's state, as the read side needs it (read afresh at each look). */
export interface ReadSideState {
  closed: boolean;
  /** Failed tries in a row (0: connected, or trying the first time). */
  failures: number;
  /** Whether the room's media goes through Janus at all now. */
  routed: boolean;
  /** The receiving connection, when there is one. */
  receiving: RTCPeerConnection | undefined;
  media: RemoteMedia;
  error: RtcError | null;
}

export function readSide(participant: Participant, state: () => ReadSideState): ParticipantTransport {
  return {
    get connectionState(): RTCPeerConnectionState {
      const { closed, failures, routed, receiving, media } = state();
      if (closed) return 'closed';
      if (failures >= FAILED_AFTER) return 'failed';
      if (failures > 0) return 'disconnected';
      if (!routed) return 'new';
      return receiving && media.has(participant) ? receiving.connectionState : 'connecting';
    },
    peerConnection: null,
    get error() {
      const { failures, error } = state();
      return failures >= FAILED_AFTER ? error : null;
    },
    getStats: () => {
      const { receiving, media } = state();
      return statsOf(receiving, new Set(media.mids(participant)));
    },
  };
}

/** `pc`'s statistics with its RTP streams narrowed to those on `mids` (every other report kept). */
async function statsOf(pc: RTCPeerConnection | undefined, mids: ReadonlySet<string>): Promise<RTCStatsReport> {
  const kept = new Map<string, unknown>();
  if (!pc) return kept as unknown as RTCStatsReport;
  (await pc.getStats()).forEach((report: { id: string; type: string; mid?: string }) => {
    if (report.type !== 'inbound-rtp' || (report.mid !== undefined && mids.has(report.mid)))
      kept.set(report.id, report);
  });
  return kept as unknown as RTCStatsReport;
}

/** One of our two connections to Janus as the room's statistics list it. */
export function connectionOf(
  id: 'janus-send' | 'janus-receive',
  direction: 'send' | 'receive',
  pc: RTCPeerConnection,
  participants: string[],
  error: RtcError | null,
): TransportConnection {
  return {
    id,
    direction,
    participants,
    connectionState: pc.connectionState,
    peerConnection: pc,
    error,
    getStats: () => pc.getStats(),
  };
}

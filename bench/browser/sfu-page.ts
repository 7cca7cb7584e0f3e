/**
 * The browser half of the SFU benchmark (bench/sfu.ts loads it in one headless Chromium page,
 * inside the network namespace): N participants in this one page, as the mesh bench has them,
 * on one of three sides: our mesh (`Room`s in mode `mesh`), our SFU mode (`Room`s in mode `sfu`,
 * media through Janus) and the floor (a plain Janus VideoRoom client, bench/browser/janus-floor.ts).
 * Every RTCPeerConnection the page makes is counted, so what the participants upload is read the
 * same way on every side: the `outbound-rtp` bytes of all of them.
 */
import type { MediaMode } from '../../src/core/protocol.js';
import { allRender, clear, closeMesh, type MeshResult, media, meshOurs, stop } from './bench-page.js';
import { createRoom, destroyRoom, type FloorParticipant, floorParticipant } from './janus-floor.js';

/** Every peer connection made in this page and not closed yet. */
const connections = new Set<RTCPeerConnection>();
const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(config?: RTCConfiguration) {
    super(config);
    connections.add(this);
  }
  override close() {
    connections.delete(this);
    super.close();
  }
};

/** Everything the page's connections have sent (RTP payload and headers, every outbound-rtp), and when. */
export async function sent(): Promise<{ bytes: number; at: number }> {
  const at = performance.now();
  const reports = await Promise.all([...connections].map((pc) => pc.getStats().catch(() => undefined)));
  let bytes = 0;
  for (const report of reports) {
    report?.forEach((s: Record<string, unknown>) => {
      if (s.type === 'outbound-rtp') bytes += Number(s.bytesSent ?? 0) + Number(s.headerBytesSent ?? 0);
    });
  }
  return { bytes, at: (at + performance.now()) / 2 };
}

/** Ends the floor's running call. */
let closeFloor: (() => void) | undefined;

/**
 * The simulcast layer the floor takes of each camera: the one a tile of the bench's size (`TILE`)
 * needs, the smallest (0), as the kit picks it from the size its room is told.
 */
export const FLOOR_SUBSTREAM = 0;

/** The floor: `n` plain VideoRoom clients in a room made for them; until each shows every other's camera. */
export async function floorRun(
  n: number,
  janus: { url: string; adminKey: string; room: Record<string, unknown> },
): Promise<MeshResult> {
  const { url } = janus;
  const room = 1 + Math.floor(Math.random() * 2 ** 40);
  const t0 = performance.now();
  await createRoom(url, janus.adminKey, room, n, janus.room);
  const streams = await Promise.all(Array.from({ length: n }, media));
  const seen: Promise<MediaStream>[] = [];
  const participants: Promise<FloorParticipant>[] = [];
  for (const stream of streams) {
    const waits: Array<(s: MediaStream) => void> = [];
    for (let k = 1; k < n; k++) seen.push(new Promise((resolve) => waits.push(resolve)));
    let given = 0;
    participants.push(floorParticipant(url, room, stream, FLOOR_SUBSTREAM, (video) => waits[given++]?.(video)));
  }
  closeFloor = () => {
    for (const p of participants) void p.then((participant) => participant.close()).catch(() => undefined);
    for (const s of streams) stop(s);
    void destroyRoom(url, room).catch(() => undefined);
    clear();
  };
  await Promise.all(participants);
  const rendered = await allRender(await Promise.all(seen));
  return { ms: rendered.at - t0, firstFrames: rendered.firstFrames };
}

/** Ours: `n` Rooms in `mode` through rtc-signal (bench/browser/bench-page.ts's mesh run). */
export function oursRun(n: number, server: string, mode: MediaMode): Promise<MeshResult> {
  return meshOurs(n, server, mode);
}

/** Ends whichever call is running. */
export function closeRun(): void {
  closeMesh();
  closeFloor?.();
  closeFloor = undefined;
}

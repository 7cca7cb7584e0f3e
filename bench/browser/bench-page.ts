/**
 * The browser half of `npm run bench` (bench/run.ts loads it in one headless Chromium page):
 * each function sets up one measurement, times it, tears it down and returns the numbers.
 * Times are `performance.now()` milliseconds; a frame counts when `requestVideoFrameCallback`
 * says it was presented.
 */
import { cameraCaps, roomLevel } from '../../src/core/transport/mesh/adaptation.js';
import { Room } from '../../src/core/index.js';
import type { MediaMode } from '../../src/core/protocol.js';

declare const peerjs: { Peer: new (id: string, options: object) => PeerJsPeer };
interface PeerJsPeer {
  on(event: string, fn: (arg: never) => void): void;
  call(id: string, stream: MediaStream): { on(event: 'stream', fn: (s: MediaStream) => void): void };
  destroy(): void;
}

const stage = document.body;

/** A presented frame: when (`performance.now()` ms) and its size in media pixels (`640x480`). */
interface Presented {
  at: number;
  size: string;
}

/** `requestVideoFrameCallback` on `video`, as a `Presented`. */
function presented(video: HTMLVideoElement): Promise<Presented> {
  return new Promise((resolve) =>
    video.requestVideoFrameCallback((now, meta) => resolve({ at: now, size: `${meta.width}x${meta.height}` })),
  );
}

/** The width of the fake camera's frames (640x480): a frame this wide is the full picture. */
const FULL_WIDTH = 640;
/** How long a side may take to reach the full width after its first frame, in ms (then: null). */
const FULL_DEADLINE_MS = 10_000;

/**
 * Ms from `t0` until `video` presents a frame at least {@link FULL_WIDTH} wide (the sender's full
 * picture, not a scaled-down layer), or null when none comes within {@link FULL_DEADLINE_MS}.
 */
function fullWidth(video: HTMLVideoElement, t0: number, first: Presented): Promise<number | null> {
  if (Number.parseInt(first.size, 10) >= FULL_WIDTH) return Promise.resolve(first.at - t0);
  return new Promise((resolve) => {
    const give = setTimeout(() => resolve(null), FULL_DEADLINE_MS);
    const look = (now: number, meta: VideoFrameCallbackMetadata) => {
      if (meta.width < FULL_WIDTH) return void video.requestVideoFrameCallback(look);
      clearTimeout(give);
      resolve(now - t0);
    };
    video.requestVideoFrameCallback(look);
  });
}

/** The <video> that shows a side's remote camera (see firstFrame). */
let shown: HTMLVideoElement | undefined;

/** Resolves when the first frame of `stream`'s video is presented in a small <video> (kept in `shown`). */
function firstFrame(stream: MediaStream, size = 160): Promise<Presented> {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.width = size;
  video.height = (size * 3) / 4;
  video.srcObject = stream;
  stage.append(video);
  shown = video;
  void video.play().catch(() => undefined);
  return presented(video);
}

/** Resolves once `stream` has a video track (at once if it has one). */
function whenVideo(stream: MediaStream): Promise<void> {
  if (stream.getVideoTracks().length) return Promise.resolve();
  return new Promise((resolve) =>
    stream.addEventListener('addtrack', () => stream.getVideoTracks().length && resolve(), { once: false }),
  );
}

export function clear() {
  for (const video of stage.querySelectorAll('video')) {
    video.srcObject = null;
    video.remove();
  }
}

export const media = () => navigator.mediaDevices.getUserMedia({ audio: true, video: true });
export const stop = (s: MediaStream) => {
  for (const t of s.getTracks()) t.stop();
};

/** Two RTCPeerConnections, candidates handed over directly; `apply` sets a sender's caps before the offer. */
async function rawPair(a: MediaStream, b: MediaStream, apply?: (s: RTCRtpSender) => Promise<void>) {
  const pa = new RTCPeerConnection();
  const pb = new RTCPeerConnection();
  pa.onicecandidate = (e) => void pb.addIceCandidate(e.candidate ?? undefined).catch(() => undefined);
  pb.onicecandidate = (e) => void pa.addIceCandidate(e.candidate ?? undefined).catch(() => undefined);
  const toA = new MediaStream();
  const toB = new MediaStream();
  pa.ontrack = (e) => toA.addTrack(e.track);
  pb.ontrack = (e) => toB.addTrack(e.track);
  for (const t of a.getTracks()) pa.addTrack(t, a);
  for (const t of b.getTracks()) pb.addTrack(t, b);
  if (apply)
    await Promise.all([...pa.getSenders(), ...pb.getSenders()].filter((s) => s.track?.kind === 'video').map(apply));
  // The later one (b) offers, as a newcomer does.
  await pb.setLocalDescription();
  await pa.setRemoteDescription(pb.localDescription!);
  await pa.setLocalDescription();
  await pb.setRemoteDescription(pa.localDescription!);
  return { pcs: [pa, pb], toA, toB };
}

/**
 * One time to first frame: ms from the start of the join, the size of that first frame, and ms
 * from the same start to the first frame at the camera's full width (null: none within 10 s).
 */
export interface TtffResult {
  ms: number;
  frame: string;
  full: number | null;
}

/** The floor: the joiner's media, then a direct peer connection to a party already there. */
export async function floorTtff(): Promise<TtffResult> {
  const a = await media();
  const t0 = performance.now();
  const b = await media();
  const { pcs, toB } = await rawPair(a, b);
  await whenVideo(toB);
  const first = await firstFrame(toB);
  const full = await fullWidth(shown!, t0, first);
  for (const pc of pcs) pc.close();
  stop(a);
  stop(b);
  clear();
  return { ms: first.at - t0, frame: first.size, full };
}

let roomCount = 0;
const roomName = () => `bench-${Date.now().toString(36)}-${roomCount++}`;

/** Our core: a Room already in the room, and a second joining; until the second shows the first's video. */
export async function coreTtff(server: string): Promise<TtffResult> {
  const room = roomName();
  const first = new Room({ room, server, name: 'A' });
  await first.join();
  const t0 = performance.now();
  const second = new Room({ room, server, name: 'B' });
  const seen = new Promise<MediaStream>((resolve) =>
    second.addEventListener('participant-updated', (e) => {
      const p = e.detail.participant;
      if (!p.local && p.stream?.getVideoTracks().length) resolve(p.stream);
    }),
  );
  void second.join();
  const frame = await firstFrame(await seen);
  const full = await fullWidth(shown!, t0, frame);
  second.leave();
  first.leave();
  clear();
  return { ms: frame.at - t0, frame: frame.size, full };
}

/** `<rtc-room>`: the element joins a room where a core Room waits; until its remote tile presents a frame. */
export async function elementTtff(server: string): Promise<TtffResult> {
  await import('/dist/rtc-elements.js' as string);
  const room = roomName();
  const first = new Room({ room, server, name: 'A' });
  await first.join();
  const t0 = performance.now();
  const element = document.createElement('rtc-room') as HTMLElement & { room: string; server: string };
  element.style.cssText = 'display:block;width:640px;height:360px';
  element.room = room;
  element.server = server;
  stage.append(element);
  const video = await new Promise<HTMLVideoElement>((resolve) => {
    const look = () => {
      const tile = element.shadowRoot?.querySelector('.tile[part~=remote]');
      const v = tile?.shadowRoot?.querySelector('rtc-video')?.shadowRoot?.querySelector('video');
      if (v && (v.srcObject as MediaStream | null)?.getVideoTracks().length) resolve(v);
      else requestAnimationFrame(look);
    };
    look();
  });
  const frame = await presented(video);
  const full = await fullWidth(video, t0, frame);
  element.remove();
  first.leave();
  return { ms: frame.at - t0, frame: frame.size, full };
}

/** PeerJS with its own server: a peer waiting to answer, a second one that gets media, connects and calls. */
export async function peerjsTtff(port: number): Promise<TtffResult> {
  const options = { host: '127.0.0.1', port, path: '/', secure: false, debug: 0, config: { iceServers: [] } };
  const idA = `a${roomName().replace(/[^a-z0-9]/g, '')}`;
  const a = new peerjs.Peer(idA, options);
  const opened = new Promise((resolve) => a.on('open', resolve));
  const streamA = await media();
  a.on('call', (call: { answer(s: MediaStream): void }) => call.answer(streamA));
  await opened;
  const t0 = performance.now();
  const b = new peerjs.Peer(`b${idA}`, options);
  const [streamB] = await Promise.all([media(), new Promise((resolve) => b.on('open', resolve))]);
  const remote = await new Promise<MediaStream>((resolve) => b.call(idA, streamB).on('stream', resolve));
  await whenVideo(remote);
  const frame = await firstFrame(remote);
  const full = await fullWidth(shown!, t0, frame);
  a.destroy();
  b.destroy();
  stop(streamA);
  stop(streamB);
  clear();
  return { ms: frame.at - t0, frame: frame.size, full };
}

/** Offers and answers this page sent on its signaling sockets since the last call. */
let relayed = 0;
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
  if (typeof data === 'string' && /^\{"type":"(offer|answer)"/.test(data)) relayed++;
  return send.call(this, data);
};

const active: { close?: () => void; frame?: () => Promise<string> } = {};

/** What a mesh's timed part measured: ms until every video presented a frame, and those first frames' sizes. */
export interface MeshResult {
  ms: number;
  /** How many of the N×(N−1) first frames had each size (`{ "240x180": 12 }`). */
  firstFrames: Record<string, number>;
  perPair?: number;
}

/** The size of a mesh's tiles (`allRender`'s videos), in CSS pixels. */
export const TILE = { width: 64, height: 48 };

/** Frames presented for every participant from every other: the time the last one came, and their sizes. */
export async function allRender(streams: MediaStream[]): Promise<{ at: number; firstFrames: Record<string, number> }> {
  await Promise.all(streams.map(whenVideo));
  const frames = await Promise.all(streams.map((s) => firstFrame(s, TILE.width)));
  const firstFrames: Record<string, number> = {};
  for (const { size } of frames) firstFrames[size] = (firstFrames[size] ?? 0) + 1;
  return { at: Math.max(...frames.map((f) => f.at)), firstFrames };
}

async function frameSize(pc: RTCPeerConnection): Promise<string> {
  let size = '';
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video' && s.frameWidth) size = `${s.frameWidth}x${s.frameHeight}`;
  });
  const video = pc.getSenders().find((sender) => sender.track?.kind === 'video');
  const e = video?.getParameters().encodings[0];
  return `${size} (÷${e?.scaleResolutionDownBy ?? 1}, ${e?.maxBitrate ? `${e.maxBitrate / 1000} kb/s` : 'no bitrate cap'}, ${e?.maxFramerate ?? '-'} fps)`;
}

/** The floor mesh: every pair a direct connection, each camera capped as our rule caps it for `n`. */
export async function meshFloor(n: number): Promise<MeshResult> {
  const t0 = performance.now();
  const streams = await Promise.all(Array.from({ length: n }, media));
  const apply = async (sender: RTCRtpSender) => {
    const params = sender.getParameters();
    Object.assign(params.encodings[0]!, cameraCaps(roomLevel(n), sender.track?.getSettings().height));
    await sender.setParameters(params);
  };
  const pairs = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push(rawPair(streams[i]!, streams[j]!, apply));
  const done = await Promise.all(pairs);
  active.close = () => {
    for (const p of done) for (const pc of p.pcs) pc.close();
    for (const s of streams) stop(s);
    clear();
  };
  active.frame = () => frameSize(done[0]!.pcs[1]!);
  const rendered = await allRender(done.flatMap((p) => [p.toA, p.toB]));
  return { ms: rendered.at - t0, firstFrames: rendered.firstFrames };
}

/** Ours: `n` Rooms join one room at once (in `mode`, when given); until each shows every other's video. */
export async function meshOurs(n: number, server: string, mode?: MediaMode): Promise<MeshResult> {
  const room = roomName();
  relayed = 0;
  const t0 = performance.now();
  const rooms = Array.from({ length: n }, (_, i) => new Room({ room, server, name: `P${i}`, ...(mode && { mode }) }));
  const seen: Promise<MediaStream>[] = [];
  for (const r of rooms) {
    const waits = new Map<string, (s: MediaStream) => void>();
    for (let k = 1; k < n; k++) seen.push(new Promise((resolve) => waits.set(`slot${k}`, resolve)));
    const given = new Set<string>();
    const viewed = new Set<string>();
    r.addEventListener('participant-updated', (e) => {
      const p = e.detail.participant;
      // With a mode (the SFU bench), the room is told each tile's size, as <rtc-video> tells it.
      if (mode && !p.local && !viewed.has(p.id)) {
        viewed.add(p.id);
        r.setView(p, r, TILE);
      }
      if (p.local || given.has(p.id) || !p.stream?.getVideoTracks().length) return;
      given.add(p.id);
      waits.get(`slot${given.size}`)?.(p.stream);
    });
  }
  active.close = () => {
    for (const r of rooms) r.leave();
    clear();
  };
  await Promise.all(rooms.map((r) => r.join()));
  const rendered = await allRender(await Promise.all(seen));
  active.frame = async () => {
    const pc = [...rooms[0]!.remote.values()][0]?.peerConnection;
    return pc ? frameSize(pc) : '';
  };
  return { ms: rendered.at - t0, firstFrames: rendered.firstFrames, perPair: relayed / ((n * (n - 1)) / 2) };
}

/**
 * What the running mesh sends on one link (encoded size, and the caps read back from the sender).
 * Asked for after the timed part: `getParameters` waits on the WebRTC threads, which a mesh of 8
 * keeps busy for seconds, and would otherwise count in the time (or stop the page answering).
 */
export function meshFrame(): Promise<string> {
  return active.frame?.() ?? Promise.resolve('');
}

/** Ends the mesh left running for the CPU measurement. */
export function closeMesh(): void {
  active.close?.();
  active.close = active.frame = undefined;
}

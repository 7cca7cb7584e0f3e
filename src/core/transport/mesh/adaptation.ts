/**
 * Bandwidth adaptation for the mesh: each sender caps the video of each link by the room's size
 * and by what it measures (`availableOutgoingBitrate`, `qualityLimitationReason`), through
 * `RTCRtpSender.setParameters`. The rule is the table in docs/adaptation.md. What the measures
 * say (adaptation-steps.ts) is loaded at the first measure, 2 s after the first link is made.
 */
import { loadOnce } from '../../load-once.js';
import type { BandwidthSteps, CpuSteps } from './adaptation-steps.js';

/** The measuring half of the rule, loaded the first time the links are measured. */
const loadSteps = loadOnce(() => import('./adaptation-steps.js'), 'the bandwidth adaptation');

/** The caps of one level: the source is scaled down to at most `maxHeight` lines. */
export interface VideoLevel {
  maxHeight: number;
  /** Bits per second. */
  maxBitrate: number;
  maxFramerate: number;
}

/** From the best (a room of 2) to the least (7 or more, or a link that cannot carry more). */
export const VIDEO_LEVELS: readonly VideoLevel[] = [
  { maxHeight: 720, maxBitrate: 1_200_000, maxFramerate: 30 },
  { maxHeight: 480, maxBitrate: 700_000, maxFramerate: 30 },
  { maxHeight: 360, maxBitrate: 400_000, maxFramerate: 24 },
  { maxHeight: 240, maxBitrate: 250_000, maxFramerate: 20 },
  { maxHeight: 180, maxBitrate: 150_000, maxFramerate: 15 },
];
const LAST = VIDEO_LEVELS.length - 1;

/** The level a room of `size` people (us included) starts at: 2 → 0, 3 → 1, 4 → 2, 5–6 → 3, 7+ → 4. */
export function roomLevel(size: number): number {
  return size <= 2 ? 0 : size === 3 ? 1 : size === 4 ? 2 : size <= 6 ? 3 : 4;
}

/** What one link measured lately, and what it made of it. */
export interface LinkConditions {
  /** Steps down this link took because it is short of bandwidth (0 or more). */
  bandwidthSteps: number;
}

/**
 * The camera's level on one link: the room's level, one more while a screen is shared too (the
 * screen is favoured), plus the steps taken for the sender's CPU and the link's bandwidth.
 */
export function cameraLevel(size: number, cpuSteps: number, bandwidthSteps: number, screen: boolean): number {
  return Math.min(LAST, roomLevel(size) + (screen ? 1 : 0) + cpuSteps + bandwidthSteps);
}

export interface SenderCaps {
  /** Bits per second; absent: none (the browser's own). */
  maxBitrate?: number;
  maxFramerate: number;
  scaleResolutionDownBy: number;
  priority?: RTCPriorityType;
}

/**
 * The encoding caps for `level`, for a source of `height` lines. The best level caps no bitrate:
 * Chromium (156) given a maximum bitrate before its first frames often starts the encoder at a
 * quarter of the frame (320x240 of 640x480, "bandwidth": its start bitrate is under what it
 * allows that size once a maximum is set) and takes it back up only by its quality scaler, 8 s or
 * more later. Without one, a call of two is sharp from its first frame, as bare connections are.
 * (The level's bitrate still says what the link must carry, for the bandwidth steps.)
 */
export function cameraCaps(level: number, height: number | undefined): SenderCaps {
  const at = Math.max(0, Math.min(LAST, level));
  const { maxHeight, maxBitrate, maxFramerate } = VIDEO_LEVELS[at]!;
  const scale = height && height > maxHeight ? Math.round((height / maxHeight) * 100) / 100 : 1;
  return { ...(at > 0 && { maxBitrate }), maxFramerate, scaleResolutionDownBy: scale };
}

/** A shared screen: full resolution, twice the camera's bitrate at the room's level, 15 fps, high priority. */
export function screenCaps(size: number): SenderCaps {
  const { maxBitrate } = VIDEO_LEVELS[roomLevel(size)]!;
  return {
    maxBitrate: Math.min(2_500_000, maxBitrate * 2),
    maxFramerate: 15,
    scaleResolutionDownBy: 1,
    priority: 'high',
  };
}

/**
 * Applies `caps` (and a degradation preference) to `sender`'s first encoding, if they differ from
 * what it has. Never rejects: a sender that is not ready yet, or a browser that refuses a field,
 * keeps what it had (the adaptation applies them again on its next pass).
 */
export function applyCaps(
  sender: RTCRtpSender,
  caps: SenderCaps,
  degradationPreference?: RTCDegradationPreference,
): Promise<boolean> {
  // The same caps again: nothing to do (getParameters waits on the WebRTC thread; skip it).
  const key = JSON.stringify([caps, degradationPreference]);
  const last = applying.get(sender);
  if (last?.key === key) return last.done;
  // One change at a time per sender: a second getParameters before the first setParameters
  // resolves would carry a stale transaction, and be refused.
  const done = (last?.done ?? Promise.resolve(true)).then(() => setCaps(sender, caps, degradationPreference));
  applying.set(sender, { key, done });
  // Not applied (the sender was not ready): try again next time.
  void done.then((ok) => ok || applying.get(sender)?.key !== key || applying.set(sender, { key: '', done }));
  return done;
}

const applying = new WeakMap<RTCRtpSender, { key: string; done: Promise<boolean> }>();

async function setCaps(
  sender: RTCRtpSender,
  caps: SenderCaps,
  degradationPreference?: RTCDegradationPreference,
): Promise<boolean> {
  try {
    const params = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    const encoding = params.encodings?.[0] as (RTCRtpEncodingParameters & { priority?: string }) | undefined;
    if (!encoding) return false;
    let changed = false;
    const fields = encoding as Record<string, unknown>;
    for (const [key, value] of Object.entries(caps) as [keyof SenderCaps, number | string][]) {
      if (fields[key] !== value) {
        fields[key] = value;
        changed = true;
      }
    }
    // No bitrate cap: one set before (a room that was larger) goes.
    if (caps.maxBitrate === undefined && fields.maxBitrate !== undefined) {
      delete fields.maxBitrate;
      changed = true;
    }
    if (degradationPreference && params.degradationPreference !== degradationPreference) {
      params.degradationPreference = degradationPreference;
      changed = true;
    }
    if (changed) await sender.setParameters(params);
    return true;
  } catch {
    return false;
  }
}

/** Orders `transceiver`'s codecs by `preferred` MIME types (`'video/VP9'`), the others after them, as they were. */
export function preferCodecs(transceiver: RTCRtpTransceiver, kind: 'audio' | 'video', preferred?: readonly string[]) {
  if (!preferred?.length || typeof transceiver.setCodecPreferences !== 'function') return;
  const codecs = globalThis.RTCRtpReceiver?.getCapabilities?.(kind)?.codecs;
  if (!codecs) return;
  const rank = (mime: string) => {
    const i = preferred.findIndex((p) => p.toLowerCase() === mime.toLowerCase());
    return i === -1 ? preferred.length : i;
  };
  const sorted = [...codecs].sort((a, b) => rank(a.mimeType) - rank(b.mimeType));
  try {
    transceiver.setCodecPreferences(sorted);
  } catch {
    // A codec list the browser refuses: it keeps its own order.
  }
}

export interface AdaptationOptions {
  /** The links of the mesh, each with its peer connection. */
  links: () => Iterable<{ pc: RTCPeerConnection }>;
  /**
   * How many people the room holds, us included, when known before their links are open (a
   * newcomer learns everyone at once): the first caps are then right from the first offer.
   */
  size?: () => number;
  /** Whether this page shares a screen now. */
  screen: () => boolean;
  /** The camera track sent (its size sets the scale; a link may not have it on yet). */
  camera: () => MediaStreamTrack | null;
  /** Preferred codecs, as MIME types, best first (`setCodecPreferences`). */
  codecs?: readonly string[];
  /** `RTCRtpSendParameters.degradationPreference` of the camera (the screen keeps its resolution). */
  degradationPreference?: RTCDegradationPreference;
  /** How often the conditions are measured, in ms. Default 2000. */
  intervalMs?: number;
  /**
   * How long a new link sends its camera at the least level once it is up, before it takes its
   * own, in ms. Default 2000.
   */
  settleMs?: number;
}

/** Video transceivers prepared per link, in order: the camera's, then a screen's. */
const prepared = new WeakMap<RTCPeerConnection, RTCRtpTransceiver[]>();

/** The video senders of a link: the first video transceiver is the camera, a later one a screen. */
function videoSenders(pc: RTCPeerConnection, sharing: boolean): { camera?: RTCRtpSender; screen?: RTCRtpSender } {
  let video = prepared.get(pc) ?? [];
  // A screen on an m-line the other side opened was not prepared here: look (getTransceivers
  // waits on the WebRTC thread, so only then).
  if (sharing && video.length < 2) video = pc.getTransceivers().filter((t) => t.receiver.track.kind === 'video');
  return { camera: video[0]?.sender, screen: video[1]?.sender };
}

/**
 * Runs the rule on every link of one mesh: at once when the room's size or the screen changes,
 * and every `intervalMs` from the links' stats.
 */
export class Adaptation {
  #options: AdaptationOptions;
  #cpu: CpuSteps = { steps: 0, busy: 0, idle: 0 };
  #links = new WeakMap<RTCPeerConnection, BandwidthSteps>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #pass: Promise<unknown> | undefined;
  /** When each link was first up. */
  #connectedAt = new WeakMap<RTCPeerConnection, number>();
  #settling = new Set<ReturnType<typeof setTimeout>>();

  constructor(options: AdaptationOptions) {
    this.#options = options;
  }

  /**
   * A link's connection changed. In a room of three or more, a new link sends its camera at the
   * least level until it has been up for `settleMs`, then takes its own: a room that is joining
   * opens several links at once, and full-size copies encoded while the others still negotiate make
   * all of them wait (the browser's WebRTC threads are shared). A call of two sends its level from
   * the first frame: there, two seconds of a blurred picture are all the wait would buy.
   */
  linkState(pc: RTCPeerConnection): void {
    if (pc.connectionState !== 'connected' || this.#connectedAt.has(pc)) return;
    this.#connectedAt.set(pc, performance.now());
    const timer = setTimeout(() => {
      this.#settling.delete(timer);
      void this.update();
    }, this.#settleMs());
    this.#settling.add(timer);
  }

  #settleMs(): number {
    return this.#options.settleMs ?? 2_000;
  }

  #settled(pc: RTCPeerConnection): boolean {
    const since = this.#connectedAt.get(pc);
    // (A timer may fire a millisecond or so early.)
    return since !== undefined && performance.now() - since >= this.#settleMs() - 20;
  }

  /** Codecs and first caps of a new transceiver, before its offer or answer is made. */
  prepare(pc: RTCPeerConnection, transceiver: RTCRtpTransceiver, kind: 'audio' | 'video'): void {
    preferCodecs(transceiver, kind, this.#options.codecs);
    if (kind === 'video') {
      prepared.set(pc, [...(prepared.get(pc) ?? []), transceiver]);
      // No camera yet (it is starting): its caps are set when it comes, before it goes on.
      if (this.#options.camera() || this.#options.screen()) void this.#apply(pc);
    }
    this.#timer ??= setInterval(() => void this.#sample(), this.#options.intervalMs ?? 2_000);
  }

  /** Applies the rule to every link now (the room's size, a track or the screen changed). */
  update(): Promise<unknown> {
    // Many changes at once (a join opens several links, then its tracks arrive): one pass.
    this.#pass ??= Promise.resolve().then(() => {
      this.#pass = undefined;
      return Promise.all([...this.#options.links()].map(({ pc }) => this.#apply(pc)));
    });
    return this.#pass;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const timer of this.#settling) clearTimeout(timer);
    this.#settling.clear();
  }

  #size(): number {
    return Math.max([...this.#options.links()].length + 1, this.#options.size?.() ?? 0);
  }

  #level(pc: RTCPeerConnection): number {
    // A call of two: its level at once (a room that joins, with links opening together, starts low).
    if (this.#size() > 2 && !this.#settled(pc)) return LAST;
    const steps = this.#links.get(pc)?.steps ?? 0;
    return cameraLevel(this.#size(), this.#cpu.steps, steps, this.#options.screen());
  }

  async #apply(pc: RTCPeerConnection) {
    if (pc.signalingState === 'closed') return;
    const sharing = this.#options.screen();
    const { camera, screen } = videoSenders(pc, sharing);
    if (camera) {
      const caps = cameraCaps(this.#level(pc), this.#options.camera()?.getSettings().height);
      await applyCaps(camera, { ...caps, priority: sharing ? 'low' : 'medium' }, this.#options.degradationPreference);
    }
    if (screen?.track) await applyCaps(screen, screenCaps(this.#size()), 'maintain-resolution');
  }

  async #sample() {
    const rule = await loadSteps();
    if (!rule) return;
    let cpuLimited = false;
    let changed = false;
    for (const { pc } of this.#options.links()) {
      const camera = videoSenders(pc, false).camera;
      if (!camera?.track || pc.connectionState !== 'connected') continue;
      // A link just up is still ramping (its estimate starts low and the encoder says "bandwidth"),
      // and the room is likely still joining: its stats would mislead, and cost the join time.
      this.linkState(pc);
      if (!this.#settled(pc)) continue;
      const sample = rule.readSample(await camera.getStats().catch(() => new Map() as RTCStatsReport));
      cpuLimited ||= sample.qualityLimitationReason === 'cpu';
      const state = this.#links.get(pc) ?? { steps: 0, short: 0, ample: 0 };
      const level = this.#level(pc);
      const better = VIDEO_LEVELS[Math.max(0, level - 1)]!.maxBitrate;
      const next = rule.nextBandwidthSteps(state, sample, VIDEO_LEVELS[level]!.maxBitrate, better, LAST);
      changed ||= next.steps !== state.steps;
      this.#links.set(pc, next);
    }
    if (rule.nextCpuSteps(this.#cpu, cpuLimited)) changed = true;
    if (changed) await this.update();
  }
}

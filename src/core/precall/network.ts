import { wait } from './camera.js';
import type { NetworkResult } from './types.js';
import { networkVerdict } from './verdicts.js';

export interface NetworkCheckOptions {
  /** ICE servers to test through (their TURN ones)... */
  iceServers?: RTCIceServer[];
  /** …or how to get them: `iceServersFrom(server, token)` (`rtc-elements/precall` does this with `server` and `token`). */
  fetchIceServers?: () => Promise<RTCIceServer[]>;
  /** How long data crosses the relay, in ms. Default 10 000. */
  durationMs?: number;
  /** The rate data is sent at, in bits a second. Default 1 500 000 (above the 1.1 Mb/s a good network needs). */
  rate?: number;
  signal?: AbortSignal;
  /** The share of the test done, 0 to 1, about once a second. */
  onProgress?: (share: number) => void;
}

const MESSAGE_BYTES = 1000;
const MAX_BUFFERED = 64 * 1024;

/**
 * The network test: the TURN servers the room's server hands out (`fetchIceServers`), then two peer connections in this page forced through
 * the relay (`iceTransportPolicy: 'relay'`), one sending to the other for `durationMs`: a tone as
 * Opus audio (50 packets a second, never retransmitted: what the receiver's `inbound-rtp` counts as
 * lost is the network's loss) and data at `rate` on an unordered channel (what arrives is the
 * bitrate the path carries, SCTP's congestion control included). From `getStats`: the round trip
 * (the selected pair's), the loss (the audio's) and the bitrate received.
 */
export async function checkNetwork(options: NetworkCheckOptions = {}): Promise<NetworkResult> {
  const failed = (
    reason: string,
    serverMs: number | null,
    verdict: NetworkResult['verdict'] = 'bad',
  ): NetworkResult => ({
    verdict,
    relayed: false,
    rttMs: null,
    loss: 1,
    bitrate: 0,
    serverMs,
    reason,
  });
  let iceServers = options.iceServers;
  let serverMs: number | null = null;
  if (!iceServers) {
    const started = performance.now();
    try {
      iceServers = (await options.fetchIceServers?.()) ?? [];
      serverMs = performance.now() - started;
    } catch {
      return failed('server-unreachable', null);
    }
  }
  const relays = iceServers.filter((s) => [s.urls].flat().some((url) => /^turns?:/.test(url)));
  // Without a relay there is nothing to measure through: a call may still work directly.
  if (relays.length === 0) return failed('no-relay', serverMs, 'fair');
  const config: RTCConfiguration = { iceServers: relays, iceTransportPolicy: 'relay' };
  const sender = new RTCPeerConnection(config);
  const receiver = new RTCPeerConnection(config);
  const audio = new AudioContext();
  try {
    const tone = audio.createOscillator();
    const quiet = audio.createGain();
    quiet.gain.value = 0.05;
    const out = audio.createMediaStreamDestination();
    tone.connect(quiet).connect(out);
    tone.start();
    void audio.resume().catch(() => undefined);
    sender.addTrack(out.stream.getAudioTracks()[0]!, out.stream);
    return await measure(sender, receiver, options, serverMs, failed);
  } finally {
    sender.close();
    receiver.close();
    void audio.close().catch(() => undefined);
  }
}

async function measure(
  sender: RTCPeerConnection,
  receiver: RTCPeerConnection,
  options: NetworkCheckOptions,
  serverMs: number | null,
  failed: (reason: string, serverMs: number | null) => NetworkResult,
): Promise<NetworkResult> {
  const durationMs = options.durationMs ?? 10_000;
  const rate = options.rate ?? 1_500_000;
  sender.onicecandidate = ({ candidate }) =>
    candidate && void receiver.addIceCandidate(candidate).catch(() => undefined);
  receiver.onicecandidate = ({ candidate }) =>
    candidate && void sender.addIceCandidate(candidate).catch(() => undefined);
  const channel = sender.createDataChannel('precall', { ordered: false, maxRetransmits: 0 });
  const opened = new Promise<boolean>((resolve) => {
    channel.onopen = () => resolve(true);
    // A lossy path can take a while: each lost DTLS flight waits for a retransmission (1 s, 2 s, 4 s…).
    setTimeout(() => resolve(false), 20_000);
    options.signal?.addEventListener('abort', () => resolve(false), { once: true });
  });
  let received = 0;
  receiver.ondatachannel = ({ channel: incoming }) => {
    incoming.onmessage = () => received++;
  };
  await sender.setLocalDescription();
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription();
  await sender.setRemoteDescription(receiver.localDescription!);
  if (!(await opened)) return failed('relay-failed', serverMs);

  const payload = new Uint8Array(MESSAGE_BYTES);
  let sent = 0;
  const before = await pairOf(receiver);
  const started = performance.now();
  let owed = 0;
  let last = started;
  const rtts: number[] = [];
  const pump = setInterval(() => {
    const now = performance.now();
    owed += ((now - last) / 1000) * (rate / 8);
    last = now;
    while (owed >= MESSAGE_BYTES && channel.readyState === 'open' && channel.bufferedAmount < MAX_BUFFERED) {
      channel.send(payload);
      sent++;
      owed -= MESSAGE_BYTES;
    }
    // What could not be sent now is not owed later: the rate is a ceiling, not a debt.
    owed = Math.min(owed, MESSAGE_BYTES);
  }, 10);
  try {
    for (let elapsed = 0; elapsed < durationMs && !options.signal?.aborted; elapsed += 1000) {
      await wait(Math.min(1000, durationMs - elapsed), options.signal);
      const rtt = (await pairOf(sender))?.rtt;
      if (rtt !== undefined) rtts.push(rtt);
      options.onProgress?.(Math.min(1, (elapsed + 1000) / durationMs));
    }
  } finally {
    clearInterval(pump);
  }
  const after = await pairOf(receiver);
  const seconds = (performance.now() - started) / 1000;
  // What is still queued was never on the wire: wait for it (a little), then count what arrived.
  for (let i = 0; i < 20 && channel.bufferedAmount > 0; i++) await wait(100);
  await wait(300);
  const packets = await audioPackets(receiver);
  // Without audio packets (a page that may not play sound yet), the messages tell the loss, less well.
  const onWire = sent - Math.ceil(channel.bufferedAmount / MESSAGE_BYTES);
  const loss =
    packets.received + packets.lost >= 20
      ? packets.lost / (packets.received + packets.lost)
      : onWire > 0
        ? Math.max(0, 1 - received / onWire)
        : 1;
  const bitrate = (8 * ((after?.bytesReceived ?? 0) - (before?.bytesReceived ?? 0))) / seconds;
  const rttMs = rtts.length ? median(rtts) * 1000 : null;
  const measured = { rttMs, loss, bitrate };
  return { verdict: networkVerdict(measured), relayed: true, ...measured, serverMs };
}

/** The selected candidate pair's round trip (s) and bytes received, from `getStats`. */
async function pairOf(pc: RTCPeerConnection): Promise<{ rtt: number | undefined; bytesReceived: number } | undefined> {
  const stats = await pc.getStats();
  let pair: RTCIceCandidatePairStats | undefined;
  stats.forEach((report: RTCStats) => {
    if (report.type === 'transport') {
      const id = (report as RTCTransportStats).selectedCandidatePairId;
      if (id) pair = stats.get(id) as RTCIceCandidatePairStats;
    }
  });
  if (!pair) return undefined;
  const { currentRoundTripTime, totalRoundTripTime, responsesReceived } = pair;
  const rtt = currentRoundTripTime ?? (responsesReceived ? (totalRoundTripTime ?? 0) / responsesReceived : undefined);
  return { rtt, bytesReceived: pair.bytesReceived ?? 0 };
}

/** The audio packets `pc` received and those its `inbound-rtp` counts as lost. */
async function audioPackets(pc: RTCPeerConnection): Promise<{ received: number; lost: number }> {
  const found = { received: 0, lost: 0 };
  (await pc.getStats()).forEach((report: RTCStats) => {
    const rtp = report as RTCInboundRtpStreamStats;
    if (report.type !== 'inbound-rtp' || rtp.kind !== 'audio') return;
    found.received += rtp.packetsReceived ?? 0;
    found.lost += Math.max(0, rtp.packetsLost ?? 0);
  });
  return found;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * What our two connections to Janus share (publisher.ts, subscriber.ts): one peer connection
 * (bundled) on one plugin handle, its candidates trickled to Janus and Janus's applied, an ICE
 * restart when ICE fails (or, from the transport, when the network changes), and closing (the
 * handle detached).
 */
import type { SfuRoute } from '../../protocol.js';
import type { JanusMessage, JanusSession } from './janus-session.js';

/** The page's configuration, with the ICE servers of the route (or else the welcome's) after its own. */
export function configurationFor(
  page: RTCConfiguration | undefined,
  route: SfuRoute,
  welcome: RTCIceServer[],
): RTCConfiguration {
  const iceServers = (route.iceServers as RTCIceServer[] | undefined) ?? welcome;
  return { ...page, iceServers: [...(page?.iceServers ?? []), ...iceServers] };
}

export abstract class JanusPeer {
  readonly pc: RTCPeerConnection;
  protected readonly session: JanusSession;
  /** The plugin handle (0 until attached). */
  protected handleId = 0;
  protected closed = false;

  constructor(session: JanusSession, configuration: RTCConfiguration, state: () => void) {
    this.session = session;
    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', ...configuration });
    this.pc.onicecandidate = ({ candidate }) =>
      this.handleId && session.trickle(this.handleId, candidate ? candidate.toJSON() : null);
    this.pc.onconnectionstatechange = state;
    this.pc.oniceconnectionstatechange = () => {
      if (this.pc.iceConnectionState === 'failed') this.restartIce();
    };
  }

  get handle(): number {
    return this.handleId;
  }

  /** Restarts ICE (each side of Janus does it its own way). */
  abstract restartIce(): void;

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.close();
    if (this.handleId && !this.session.closed) void this.session.detach(this.handleId);
  }

  /** Applies a candidate Janus trickled (`completed`: the end of them); false for any other message. */
  protected trickled(message: JanusMessage): boolean {
    if (message.janus !== 'trickle') return false;
    const candidate = (message as { candidate?: RTCIceCandidateInit & { completed?: boolean } }).candidate;
    void this.pc.addIceCandidate(candidate?.completed ? undefined : candidate).catch(() => undefined);
    return true;
  }
}

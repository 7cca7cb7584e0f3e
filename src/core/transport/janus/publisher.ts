/**
 * Our one sending connection to a Janus VideoRoom: a publisher handle joined with our participant
 * id as its `display` and our token, and one peer connection carrying the microphone, the camera
 * (simulcast: three layers) and, while shared, the screen as a stream of its own. A device switch,
 * a mute or a camera turned off is a `replaceTrack`; a screen that comes or goes renegotiates
 * (`configure` with a new offer), and so does an ICE restart.
 */
import type { TrackRole } from '../../local-tracks.js';
import type { JanusMessage, JanusSession } from './janus-session.js';
import { JanusPeer } from './peer.js';
import type { Feed } from './feeds.js';

/** The camera's simulcast layers, highest first (Janus's default `rid_order`, `hml`). */
const CAMERA_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 1_200_000 },
  { rid: 'm', maxBitrate: 400_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 120_000, scaleResolutionDownBy: 4 },
];

export interface PublisherOptions {
  session: JanusSession;
  room: number;
  token: string;
  /** Our participant id: the others match our feed to us by it. */
  display: string;
  configuration: RTCConfiguration;
  /** What to send now per role (null: nothing), and the stream it belongs to. */
  sending(role: TrackRole): MediaStreamTrack | null;
  /** The publishers in the room (those there at our join, then each that comes or changes). */
  publishers(feeds: Feed[]): void;
  /** A publisher stopped publishing or left. */
  gone(feed: number): void;
  /** The peer connection's state changed. */
  state(): void;
}

export class Publisher extends JanusPeer {
  #options: PublisherOptions;
  #privateId: number | undefined;
  #transceivers: Partial<Record<TrackRole, RTCRtpTransceiver>> = {};
  /** Negotiations, one at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PublisherOptions) {
    super(options.session, options.configuration, options.state);
    this.#options = options;
  }

  /** Our publisher's `private_id` (from its join): a room with `require_pvtid` admits our subscriber by it. */
  get privateId(): number | undefined {
    return this.#privateId;
  }

  /** Attaches, joins the room as a publisher and publishes what we send. Rejects when Janus refuses. */
  async start(): Promise<void> {
    const { session, room, token, display } = this.#options;
    this.handleId = await session.attach('janus.plugin.videoroom');
    const { data } = await session.message(this.handleId, {
      request: 'join',
      ptype: 'publisher',
      room,
      display,
      token,
    });
    if (typeof data.private_id === 'number') this.#privateId = data.private_id;
    if (Array.isArray(data.publishers)) this.#options.publishers(data.publishers as Feed[]);
    this.#transceivers.audio = this.pc.addTransceiver('audio', { direction: 'sendonly' });
    this.#transceivers.video = this.pc.addTransceiver('video', {
      direction: 'sendonly',
      sendEncodings: CAMERA_LAYERS.map((layer) => ({ ...layer })),
    });
    // What we send now, read as it is put on: a track that comes meanwhile (`setTrack`) is put on
    // after it, and stays. (Read before an await, a camera that started during it was replaced
    // by the nothing read before, and the camera never went out.)
    await Promise.all(
      (['audio', 'video'] as const).map((role) =>
        this.#transceivers[role]!.sender.replaceTrack(this.#options.sending(role)),
      ),
    );
    const screen = this.#options.sending('screen');
    if (screen) this.#transceivers.screen = this.pc.addTransceiver(screen, { direction: 'sendonly' });
    await this.#negotiate('publish');
  }

  /** A message on our handle that answers no request: someone published, changed, or left. */
  onMessage(message: JanusMessage): void {
    if (this.trickled(message)) return;
    const data = message.plugindata?.data;
    if (!data) return;
    if (Array.isArray(data.publishers)) this.#options.publishers(data.publishers as Feed[]);
    for (const key of ['unpublished', 'leaving'] as const)
      if (typeof data[key] === 'number') this.#options.gone(data[key] as number);
  }

  /** Sends `track` as `role` from now on (null: nothing). The screen renegotiates; the others do not. */
  async setTrack(role: TrackRole, track: MediaStreamTrack | null): Promise<void> {
    if (this.closed || !this.handleId) return;
    const transceiver = this.#transceivers[role];
    if (role !== 'screen') {
      // Always put on, even the track the sender shows: one put on earlier may still be on its way.
      if (transceiver) await transceiver.sender.replaceTrack(track);
      return;
    }
    if (!transceiver) {
      if (!track) return;
      this.#transceivers.screen = this.pc.addTransceiver(track, { direction: 'sendonly' });
    } else {
      await transceiver.sender.replaceTrack(track);
      const direction = track ? 'sendonly' : 'inactive';
      if (transceiver.direction === direction) return;
      transceiver.direction = direction;
    }
    await this.#negotiate('configure');
  }

  /** Restarts ICE: a new offer with new credentials, through `configure`. */
  override restartIce(): void {
    if (this.closed || !this.pc.remoteDescription) return;
    void this.#negotiate('configure', true).catch(() => undefined);
  }

  /** Offers what we send and applies Janus's answer (one negotiation at a time). */
  #negotiate(request: 'publish' | 'configure', iceRestart = false): Promise<void> {
    const run = async () => {
      if (this.closed) return;
      const offer = await this.pc.createOffer(iceRestart ? { iceRestart: true } : {});
      await this.pc.setLocalDescription(offer);
      const screenMid = this.#transceivers.screen?.mid;
      const descriptions = screenMid ? [{ mid: screenMid, description: 'screen' }] : [];
      const { jsep } = await this.#options.session.message(
        this.handleId,
        { request, descriptions, ...(request === 'publish' && { display: this.#options.display }) },
        { type: 'offer', sdp: offer.sdp ?? '' },
      );
      if (this.closed) return;
      if (!jsep) throw new Error(`Janus answered ${request} without a description`);
      await this.pc.setRemoteDescription(jsep);
    };
    const next = this.#queue.then(run);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

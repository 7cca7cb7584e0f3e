/**
 * Our one receiving connection from a Janus VideoRoom: a multistream subscriber handle and one
 * peer connection that carries every stream we subscribe to. It joins with the first streams
 * wanted, then follows the wanted set with `update` (subscribe and unsubscribe at once); Janus
 * answers each change, and each publisher that leaves, with a new offer, which this answers
 * (`start`). `configure` picks a stream's simulcast layer and pauses or resumes it.
 */
import type { Wanted } from './feeds.js';
import type { JanusMessage, JanusSession } from './janus-session.js';
import { JanusPeer } from './peer.js';

/** A stream of our subscription, as Janus lists it: which feed's mid it carries on which of our mids. */
export interface SubscribedStream {
  mid: string;
  type: 'audio' | 'video' | 'data';
  feed: number;
  feedMid: string;
}

/** Janus's description of one stream of a subscription (`attached`, `updated`). */
interface JanusStream {
  mid?: string;
  type?: string;
  active?: boolean;
  feed_id?: number;
  feed_mid?: string;
}

/** A change of one of our streams (`configure`): its layer, or whether Janus sends it at all. */
export interface StreamSetting {
  mid: string;
  substream?: number;
  send?: boolean;
}

export interface SubscriberOptions {
  session: JanusSession;
  room: number;
  token: string;
  configuration: RTCConfiguration;
  /** Our publisher's `private_id`, which a room with `require_pvtid` asks of subscribers. */
  privateId(): number | undefined;
  /** The streams of the subscription changed (after each negotiation). */
  streams(): void;
  /** The peer connection's state changed. */
  state(): void;
}

/**
 * How long a layer change may take before it is asked for again, and how many times. Janus
 * switches a subscription's layer at the next keyframe of the layer wanted, and asks the publisher
 * for one as the change comes; but Janus 1.1 drops a keyframe request that comes within a second
 * of the one before for the same camera (a new subscriber's, another's layer change) and never
 * sends it later, and nothing else asks while the layer relayed flows: the change would wait for
 * the next keyframe the publisher makes of its own accord, which may never come.
 */
const LAYER_RETRY_MS = 1_500;
const LAYER_TRIES = 4;

export class Subscriber extends JanusPeer {
  #options: SubscriberOptions;
  /** Layer changes asked for that Janus has not yet said are made, by our mid. */
  #layers = new Map<string, { substream: number; from: number | undefined; tries: number }>();
  /** The layer Janus last said it relays, by our mid. */
  #relayed = new Map<string, number>();
  #layerTimer: ReturnType<typeof setTimeout> | undefined;
  /** What Janus says we receive now, by our mid. */
  #streams = new Map<string, SubscribedStream>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: SubscriberOptions) {
    super(options.session, options.configuration, options.state);
    this.#options = options;
  }

  /** What we receive now, by our mid (active streams only). */
  get streams(): ReadonlyMap<string, SubscribedStream> {
    return this.#streams;
  }

  /** The transceiver of our mid `mid`, once negotiated. */
  transceiver(mid: string): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.mid === mid);
  }

  /**
   * Subscribes to `add` and unsubscribes from `remove` (feed and mid each): the first call
   * attaches and joins; the others `update`. Resolves once the new offer is answered.
   */
  change(add: readonly Wanted[], remove: readonly Wanted[]): Promise<void> {
    return this.#enqueue(async () => {
      const { session, room, token } = this.#options;
      const streams = add.map(({ feed, mid, substream }) => ({
        feed,
        mid,
        ...(substream !== undefined && { substream }),
      }));
      if (!this.handleId) {
        if (!streams.length) return;
        const handle = await session.attach('janus.plugin.videoroom');
        const private_id = this.#options.privateId();
        const answer = await session
          .message(handle, {
            request: 'join',
            ptype: 'subscriber',
            room,
            token,
            streams,
            ...(private_id !== undefined && { private_id }),
          })
          .catch((error: unknown) => {
            // Not joined: the next change tries a join again, on a new handle.
            void session.detach(handle);
            throw error;
          });
        this.handleId = handle;
        await this.#answer(answer.data, answer.jsep);
        return;
      }
      if (!streams.length && !remove.length) return;
      const unsubscribe = remove.map(({ feed, mid }) => ({ feed, mid }));
      const answer = await session.message(this.handleId, {
        request: 'update',
        ...(streams.length && { subscribe: streams }),
        ...(unsubscribe.length && { unsubscribe }),
      });
      await this.#answer(answer.data, answer.jsep);
    });
  }

  /** Changes the layer of, pauses or resumes streams of ours (by mid). */
  configure(settings: readonly StreamSetting[]): Promise<void> {
    if (!settings.length || !this.handleId) return Promise.resolve();
    for (const { mid, substream, send } of settings) {
      const from = this.#relayed.get(mid);
      if (substream !== undefined && send !== false && substream !== from)
        this.#layers.set(mid, { substream, from, tries: 0 });
      else this.#layers.delete(mid);
    }
    this.#watchLayers();
    return this.#enqueue(async () => {
      await this.#options.session.message(this.handleId, { request: 'configure', streams: settings });
    });
  }

  override close(): void {
    clearTimeout(this.#layerTimer);
    super.close();
  }

  /**
   * Janus relays layer `substream` of our `mid` now: the change asked for is made when it is that
   * layer, or one nearer to it than before (the layer asked for is not sent: Chromium sends two
   * layers of a 640x480 camera, not three).
   */
  #switched(mid: string, substream: number) {
    this.#relayed.set(mid, substream);
    const layer = this.#layers.get(mid);
    if (!layer) return;
    const { from, substream: wanted } = layer;
    if (
      substream === wanted ||
      (from !== undefined &&
        Math.abs(wanted - substream) < Math.abs(wanted - from) &&
        (wanted - substream) * (wanted - from) > 0)
    )
      this.#layers.delete(mid);
  }

  /** Asks again for the layer changes Janus has not made yet (see LAYER_RETRY_MS), a few times. */
  #watchLayers() {
    clearTimeout(this.#layerTimer);
    if (!this.#layers.size || this.closed) return;
    this.#layerTimer = setTimeout(() => {
      const again: StreamSetting[] = [];
      for (const [mid, layer] of this.#layers) {
        if (++layer.tries > LAYER_TRIES || !this.#streams.has(mid)) this.#layers.delete(mid);
        else again.push({ mid, substream: layer.substream });
      }
      if (again.length && this.handleId)
        void this.#enqueue(async () => {
          await this.#options.session.message(this.handleId, { request: 'configure', streams: again });
        }).catch(() => undefined);
      this.#watchLayers();
    }, LAYER_RETRY_MS);
  }

  /** A message on our handle that answers no request: an offer of Janus's own (a publisher left), a candidate. */
  onMessage(message: JanusMessage): void {
    if (this.trickled(message)) return;
    const data = message.plugindata?.data;
    // Janus switched a stream's layer (or says it is already the one asked for).
    if (typeof data?.mid === 'string' && typeof data.substream === 'number') this.#switched(data.mid, data.substream);
    if (data && (message.jsep || Array.isArray(data.streams)))
      void this.#enqueue(() => this.#answer(data, message.jsep)).catch(() => undefined);
  }

  /** Asks Janus for an ICE restart: it offers again with new credentials, and we answer. */
  override restartIce(): void {
    if (this.closed || !this.handleId || !this.pc.remoteDescription) return;
    void this.#enqueue(async () => {
      const answer = await this.#options.session.message(this.handleId, { request: 'configure', restart: true });
      await this.#answer(answer.data, answer.jsep);
    }).catch(() => undefined);
  }

  #enqueue(run: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(() => (this.closed ? undefined : run()));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Reads the streams Janus lists and answers its offer, if it made one (`start`). */
  async #answer(data: Record<string, unknown>, jsep: RTCSessionDescriptionInit | undefined) {
    if (jsep?.type === 'offer') {
      await this.pc.setRemoteDescription(jsep);
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      if (this.closed) return;
      await this.#options.session.message(
        this.handleId,
        { request: 'start' },
        { type: 'answer', sdp: answer.sdp ?? '' },
      );
    }
    if (Array.isArray(data.streams)) this.#read(data.streams as JanusStream[]);
  }

  #read(list: JanusStream[]) {
    const before = new Map(this.#streams);
    this.#streams.clear();
    for (const s of list) {
      if (s.active === false || typeof s.mid !== 'string' || typeof s.feed_id !== 'number') continue;
      if (s.type !== 'audio' && s.type !== 'video') continue;
      this.#streams.set(s.mid, { mid: s.mid, type: s.type, feed: s.feed_id, feedMid: String(s.feed_mid) });
    }
    // A mid that is now another stream (a publisher left, another came) starts with no layer known.
    for (const mid of this.#relayed.keys()) {
      const was = before.get(mid);
      const now = this.#streams.get(mid);
      if (!now || !was || was.feed !== now.feed || was.feedMid !== now.feedMid) this.#relayed.delete(mid);
    }
    this.#options.streams();
  }
}

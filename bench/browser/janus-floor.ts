/**
 * The floor of the SFU benchmark (bench/sfu.ts): a plain Janus VideoRoom client written for the
 * bench, no library. Each participant opens its own WebSocket session to Janus, publishes its
 * camera (three simulcast layers, as the kit sends them) and microphone on one sending
 * connection, and takes every other participant's camera and microphone on one multistream
 * receiving connection, renegotiated as publishers appear. Trickle ICE both ways.
 */

/**
 * The simulcast layers a camera is published with: those JanusTransport sends (highest first,
 * Janus's default rid order `hml`, so substream 0 is the `l` layer).
 */
export const SIMULCAST: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 1_200_000 },
  { rid: 'm', maxBitrate: 400_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 120_000, scaleResolutionDownBy: 4 },
];

type Json = Record<string, unknown>;
interface JanusReply extends Json {
  janus: string;
  plugindata?: { data: Json };
  jsep?: RTCSessionDescriptionInit;
  data?: { id: number };
  error?: { code: number; reason: string };
}

let transactions = 0;

/** One Janus session over its own WebSocket: requests by transaction, plugin events by handle. */
export class JanusSession {
  private readonly socket: WebSocket;
  private readonly waiting = new Map<string, (reply: JanusReply) => void>();
  private readonly handlers = new Map<number, (reply: JanusReply) => void>();
  private id = 0;
  private keepAlive: ReturnType<typeof setInterval> | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.onmessage = (e) => {
      const reply = JSON.parse(String(e.data)) as JanusReply;
      if (reply.janus === 'ack' && !reply.plugindata) return;
      const done = typeof reply.transaction === 'string' ? this.waiting.get(reply.transaction) : undefined;
      if (done) {
        this.waiting.delete(reply.transaction as string);
        done(reply);
      } else if (typeof reply.sender === 'number') this.handlers.get(reply.sender)?.(reply);
    };
  }

  static async open(url: string): Promise<JanusSession> {
    const socket = new WebSocket(url, 'janus-protocol');
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error(`no Janus at ${url}`));
    });
    const session = new JanusSession(socket);
    session.id = (await session.request({ janus: 'create' })).data!.id;
    // Janus ends a session silent for 60 s.
    session.keepAlive = setInterval(() => session.fire({ janus: 'keepalive' }), 25_000);
    return session;
  }

  /** Sends `message` and resolves with its answer (the event after the ack, for plugin messages). */
  request(message: Json): Promise<JanusReply> {
    const transaction = `t${++transactions}`;
    const reply = new Promise<JanusReply>((resolve, reject) =>
      this.waiting.set(transaction, (r) =>
        r.janus === 'error' || r.plugindata?.data.error
          ? reject(new Error(`Janus: ${r.error?.reason ?? r.plugindata?.data.error}`))
          : resolve(r),
      ),
    );
    this.fire({ ...message, transaction });
    return reply;
  }

  /** Sends `message` without waiting for its answer. */
  fire(message: Json): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ transaction: `t${++transactions}`, ...message, session_id: this.id }));
  }

  /** A VideoRoom handle; `onEvent` gets its events that answer no request. */
  async attach(onEvent: (reply: JanusReply) => void = () => undefined): Promise<Handle> {
    const id = (await this.request({ janus: 'attach', plugin: 'janus.plugin.videoroom' })).data!.id;
    this.handlers.set(id, onEvent);
    return {
      message: (body: Json, jsep?: RTCSessionDescriptionInit) =>
        this.request({ janus: 'message', handle_id: id, body, ...(jsep && { jsep }) }),
      trickle: (candidate: RTCIceCandidate | null) =>
        this.fire({ janus: 'trickle', handle_id: id, candidate: candidate ?? { completed: true } }),
    };
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.fire({ janus: 'destroy' });
    this.socket.close();
  }
}

interface Handle {
  message(body: Json, jsep?: RTCSessionDescriptionInit): Promise<JanusReply>;
  trickle(candidate: RTCIceCandidate | null): void;
}

/** What a participant of the floor holds, to close it. */
export interface FloorParticipant {
  close(): void;
}

interface Publisher {
  id: number;
}

/**
 * One participant of the floor in `room`: publishes `stream` and calls `onVideo` with each other
 * participant's camera as it arrives (once per publisher), taking simulcast layer `substream`
 * (0: the lowest) of each.
 */
export async function floorParticipant(
  url: string,
  room: number,
  stream: MediaStream,
  substream: number,
  onVideo: (stream: MediaStream) => void,
): Promise<FloorParticipant> {
  const session = await JanusSession.open(url);
  const pcs: RTCPeerConnection[] = [];
  let subscriber: Handle | undefined;
  let sub: RTCPeerConnection | undefined;
  const wanted: number[] = [];
  const taken = new Set<number>();
  let busy = false;
  let me = 0;
  let privateId = 0;

  /** Subscribes to the publishers not taken yet, one renegotiation at a time. */
  const subscribe = async (): Promise<void> => {
    if (busy) return;
    const feeds = wanted.filter((f) => !taken.has(f) && f !== me);
    if (!feeds.length) return;
    busy = true;
    for (const f of feeds) taken.add(f);
    const streams = feeds.map((feed) => ({ feed, substream }));
    let reply: JanusReply;
    if (!subscriber) {
      subscriber = await session.attach();
      sub = new RTCPeerConnection();
      pcs.push(sub);
      const handle = subscriber;
      sub.onicecandidate = (e) => handle.trickle(e.candidate);
      sub.ontrack = (e) => {
        if (e.track.kind === 'video') onVideo(new MediaStream([e.track]));
      };
      reply = await subscriber.message({ request: 'join', ptype: 'subscriber', room, streams, private_id: privateId });
    } else {
      reply = await subscriber.message({ request: 'subscribe', streams });
    }
    if (reply.jsep) {
      await sub!.setRemoteDescription(reply.jsep);
      await sub!.setLocalDescription();
      await subscriber.message({ request: 'start' }, sub!.localDescription!.toJSON());
    }

    busy = false;
    await subscribe();
  };
  const learn = (list: unknown) => {
    for (const p of (list as Publisher[] | undefined) ?? []) wanted.push(p.id);
    void subscribe();
  };

  const publisher = await session.attach((event) => learn(event.plugindata?.data.publishers));
  const joined = await publisher.message({ request: 'join', ptype: 'publisher', room });
  me = joined.plugindata!.data.id as number;
  privateId = joined.plugindata!.data.private_id as number;
  const pub = new RTCPeerConnection();
  pcs.push(pub);
  pub.onicecandidate = (e) => publisher.trickle(e.candidate);
  for (const track of stream.getTracks()) {
    pub.addTransceiver(track, {
      direction: 'sendonly',
      streams: [stream],
      ...(track.kind === 'video' && { sendEncodings: SIMULCAST.map((e) => ({ ...e })) }),
    });
  }
  await pub.setLocalDescription();
  const published = await publisher.message({ request: 'publish' }, pub.localDescription!.toJSON());
  await pub.setRemoteDescription(published.jsep!);
  learn(joined.plugindata!.data.publishers);
  return {
    close() {
      for (const pc of pcs) pc.close();
      session.close();
    },
  };
}

/**
 * Makes VideoRoom `room` for `publishers` with `settings` (Janus's stock room allows 6, at
 * 128 kb/s): bench/sfu.ts gives those rtc-signal makes its rooms with.
 */
export async function createRoom(url: string, adminKey: string, room: number, publishers: number, settings: Json) {
  const session = await JanusSession.open(url);
  try {
    const handle = await session.attach();
    await handle.message({ ...settings, request: 'create', admin_key: adminKey, room, publishers });
  } finally {
    session.close();
  }
}

/** Removes VideoRoom `room`. */
export async function destroyRoom(url: string, room: number): Promise<void> {
  const session = await JanusSession.open(url);
  try {
    await (await session.attach()).message({ request: 'destroy', room });
  } finally {
    session.close();
  }
}

import { FINAL_CLOSE_CODES, RtcError, closeError, serverError } from './errors.js';
import { assertJoin } from './join-checks.js';
import { dispatchMessage, parseFrame } from './server-messages.js';
import { OwnState, assertName, assertState, withPeerStates } from './participant-state.js';
import {
  CLOSE_CODES,
  type ClientMessage,
  type JsonValue,
  type MeetingClientMessage,
  type RelayPayloads,
  type RelayType,
  type UpdateData,
  type WelcomeData,
} from './protocol.js';
import type {
  JoinParams,
  SignalingClientEventMap,
  SignalingClientOptions,
  SignalingState,
  UpdateParams,
} from './signaling-types.js';
import { loadOnce } from './load-once.js';
import type { Retry } from './reconnect.js';
import { resolveSignalingUrl } from './signaling-url.js';
import { TypedEventTarget } from './typed-event-target.js';

export { resolveSignalingUrl };
export type { JoinParams, SignalingClientEventMap, SignalingClientOptions, SignalingState, UpdateParams };

/** How long to wait before sending the latest name and state again after a `rate-limited` update. */
const UPDATE_RETRY_MS = 1000;

/** The tries to join again after a dropped socket (reconnect.ts): loaded at the first welcome. */
const loadReconnect = loadOnce(() => import('./reconnect.js'), 'the reconnection');

/**
 * The browser side of the signaling protocol (version 1.1): one WebSocket to the server, `join`,
 * relays to peers, participant state (`update`, `peer-updated`), and, after a dropped socket, tries
 * again until it is back (see `reconnect.ts`): it resumes our id when the server still has it, else
 * joins afresh (`welcome` says which). Only a final close code ends it. Framework-free; events are
 * `CustomEvent`s on this `EventTarget`.
 *
 * ```ts
 * const client = new SignalingClient('wss://example.com/signal');
 * client.addEventListener('signal', e => console.log(e.detail.from, e.detail.type));
 * client.addEventListener('peer-updated', e => console.log(e.detail.id, e.detail.state));
 * const welcome = await client.join({ room: 'demo', name: 'Ada', state: { audio: true } });
 * client.update({ state: { audio: false } });
 * ```
 */
export class SignalingClient extends TypedEventTarget<SignalingClientEventMap> {
  readonly url: string;
  #options: Required<Omit<SignalingClientOptions, 'WebSocket' | 'retryBaseMs' | 'retryMaxMs'>> &
    Pick<SignalingClientOptions, 'retryBaseMs' | 'retryMaxMs'>;
  #WebSocket: typeof WebSocket;
  #socket: WebSocket | null = null;
  #state: SignalingState = 'idle';
  #welcome: WelcomeData | null = null;
  #params: JoinParams | null = null;
  /** Our latest name and state (what we join with), and what the server may not have yet. */
  #own: OwnState | null = null;
  #queue: string[] = [];
  #retry: Retry | null = null;
  #updateRetryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string, options: SignalingClientOptions = {}) {
    super();
    this.url = url;
    this.#options = {
      reconnectWindowMs: options.reconnectWindowMs ?? Number.POSITIVE_INFINITY,
      // Undefined: the schedule's own defaults (reconnect.ts).
      retryBaseMs: options.retryBaseMs,
      retryMaxMs: options.retryMaxMs,
      joinTimeoutMs: options.joinTimeoutMs ?? 10_000,
      maxQueuedMessages: options.maxQueuedMessages ?? 512,
    };
    const Ctor = options.WebSocket ?? globalThis.WebSocket;
    if (!Ctor) throw new TypeError('No WebSocket implementation: pass options.WebSocket');
    this.#WebSocket = Ctor;
  }

  get state(): SignalingState {
    return this.#state;
  }

  /** Our peer id, once joined. */
  get id(): string | null {
    return this.#welcome?.id ?? null;
  }

  /** The last `welcome`, once joined. */
  get welcome(): WelcomeData | null {
    return this.#welcome;
  }

  /**
   * Opens the socket and joins `room`. Resolves with `welcome`; rejects with an {@link RtcError}
   * (`invalid-room`, `invalid-name`, `invalid-state`, `server-unreachable`, or the server's
   * refusal such as `room-full` or `unauthorized`).
   */
  async join(params: JoinParams): Promise<WelcomeData> {
    assertJoin({ room: params.room, name: params.name, state: params.state });
    if (this.#state === 'closed') throw new RtcError('connection-closed', 'This client is closed');
    if (this.#state !== 'idle') throw new RtcError('already-joined', 'join() was already called');
    this.#params = params;
    this.#own = new OwnState(params.name, params.state);
    this.#setState('connecting');
    try {
      const welcome = await this.#connectAndJoin();
      this.#setState('joined');
      // What a dropped socket needs, loaded now: the server serving it may be what drops.
      void loadReconnect();
      this.#afterWelcome(false);
      this.emit('welcome', { welcome, resumed: false });
      return welcome;
    } catch (error) {
      this.#finish(error as RtcError, CLOSE_CODES.normal);
      throw error;
    }
  }

  /**
   * Changes our display name and/or replaces our participant state (whole, not merged); the
   * others get `peer-updated`. Throws an {@link RtcError} (`invalid-name`, `invalid-state`)
   * before sending anything invalid, `not-joined` before {@link join}; does nothing once closed.
   * Refusals arrive as `server-error` with `ref` `update` (e.g. `unauthorized`: a rename when
   * the join token gives the name); a `rate-limited` one is sent again (the latest) a second later.
   *
   * While the socket is down only the latest name and state are kept, and sent once re-joined;
   * a fresh join (resume refused, grace over) carries them, and they go again after a resume (an
   * update written into a dying socket may be lost): the others always end with the current state.
   */
  update(params: UpdateParams): void {
    assertName(params.name);
    assertState(params.state);
    if (this.#state === 'closed') return;
    if (!this.#own) throw new RtcError('not-joined', 'join() first');
    const data = this.#own.record(params);
    // Not joined now: sent (or joined with) once the socket is back, see #afterWelcome.
    if (this.#state === 'joined') this.#sendUpdate(data);
  }

  /**
   * Relays `data`, any JSON value, to peer `to`. Held (bounded) while reconnecting, sent once
   * re-joined.
   */
  send<T extends RelayType>(type: T, to: string, data: RelayPayloads[T] | JsonValue): void {
    this.#sendFrame(JSON.stringify({ type, to, data } satisfies ClientMessage));
  }

  /** 1.2: sends a meeting message (a host action, a reaction); held while reconnecting, as {@link send}. */
  meeting(message: MeetingClientMessage): void {
    this.#sendFrame(JSON.stringify(message));
  }

  /**
   * 1.2: sends application data (`text`, its JSON) through the server to peer `to`, or to every other peer that
   * follows media routes; held while reconnecting, as {@link send}.
   */
  post(text: string, to?: string): void {
    // `text` is JSON already (checked by the room): spliced in, not parsed and written again.
    this.#sendFrame(`{"type":"message",${to === undefined ? '' : `"to":${JSON.stringify(to)},`}"data":${text}}`);
  }

  #sendFrame(frame: string) {
    if (this.#state === 'joined' && this.#socket?.readyState === this.#WebSocket.OPEN) {
      this.#socket.send(frame);
    } else if (this.#state === 'reconnecting' || this.#state === 'connecting') {
      this.#queue.push(frame);
      if (this.#queue.length > this.#options.maxQueuedMessages) this.#queue.shift();
    }
  }

  /** While `reconnecting`: when the next try starts (epoch ms), or null while one is under way. */
  get nextRetryAt(): number | null {
    return this.#retry?.nextAt ?? null;
  }

  /** While `reconnecting`: tries at once instead of waiting for the next try (no-op otherwise). */
  retryNow(): void {
    this.#retry?.now();
  }

  /** Leaves the room and closes the socket. Safe to call at any time, more than once. */
  close(): void {
    if (this.#state === 'closed') return;
    if (this.#socket?.readyState === this.#WebSocket.OPEN && this.#state === 'joined') {
      this.#socket.send(JSON.stringify({ type: 'leave' } satisfies ClientMessage));
    }
    this.#finish(undefined, CLOSE_CODES.normal);
  }

  #setState(state: SignalingState) {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', { state });
  }

  #finish(error: RtcError | undefined, code: number) {
    if (this.#state === 'closed') return;
    this.#retry?.stop();
    this.#retry = null;
    clearTimeout(this.#updateRetryTimer);
    const socket = this.#socket;
    this.#socket = null;
    this.#queue = [];
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      if (socket.readyState === this.#WebSocket.OPEN || socket.readyState === this.#WebSocket.CONNECTING) {
        try {
          socket.close(code);
        } catch {
          // Closing an already failing socket may throw in some runtimes: it is closed either way.
        }
      }
    }
    this.#setState('closed');
    this.emit('closed', error ? { error } : {});
  }

  /** After a welcome: the latest name and state, if the server may not have them (see `OwnState`). */
  #afterWelcome(resumed: boolean) {
    this.#sendUpdate(this.#own?.afterWelcome(resumed));
  }

  #sendUpdate(data: UpdateData | null | undefined) {
    if (data && this.#socket?.readyState === this.#WebSocket.OPEN) {
      this.#socket.send(JSON.stringify({ type: 'update', data } satisfies ClientMessage));
    }
  }

  /** Opens a socket, sends `join` (with the resume token when we have one), awaits `welcome`. */
  #connectAndJoin(): Promise<WelcomeData> {
    const resume = this.#welcome?.resume;
    return new Promise<WelcomeData>((resolve, reject) => {
      let settled = false;
      let socket: WebSocket;
      try {
        socket = new this.#WebSocket(this.url);
      } catch (cause) {
        reject(new RtcError('invalid-server', `Cannot open a WebSocket to ${this.url}`, { cause }));
        return;
      }
      this.#socket = socket;
      const timer = setTimeout(() => {
        fail(
          new RtcError('server-unreachable', `No welcome from ${this.url} within ${this.#options.joinTimeoutMs} ms`),
        );
      }, this.#options.joinTimeoutMs);
      const fail = (error: RtcError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
        if (socket.readyState !== this.#WebSocket.CLOSED) {
          try {
            socket.close(CLOSE_CODES.normal);
          } catch {
            // Already closing.
          }
        }
        if (this.#socket === socket) this.#socket = null;
        reject(error);
      };
      socket.onerror = () => {
        // Always followed by `close`, which carries the code.
      };
      socket.onopen = () => {
        // The latest name and state, as `update` left them when the frame leaves.
        const params = this.#params!;
        const own = this.#own!;
        own.joinSent();
        const data = {
          room: params.room,
          ...(own.name !== undefined && { name: own.name }),
          ...(params.token !== undefined && { token: params.token }),
          ...(resume !== undefined && { resume }),
          ...(own.state !== undefined && { state: own.state }),
          ...(params.media !== undefined && { media: params.media }),
        };
        socket.send(JSON.stringify({ type: 'join', data } satisfies ClientMessage));
      };
      socket.onclose = (event) => {
        const error = FINAL_CLOSE_CODES.has(event.code)
          ? closeError(event.code, event.reason)
          : new RtcError(
              'server-unreachable',
              `The signaling server at ${this.url} could not be reached (close ${event.code})`,
            );
        fail(error);
      };
      socket.onmessage = (event) => {
        const message = parseFrame(this, event.data);
        if (!message) return;
        if (message.type === 'welcome') {
          settled = true;
          clearTimeout(timer);
          this.#welcome = withPeerStates(message.data);
          socket.onclose = (closeEvent) => this.#onUnexpectedClose(closeEvent);
          socket.onmessage = (messageEvent) => {
            const next = parseFrame(this, messageEvent.data);
            if (next) dispatchMessage(this, next, () => this.#retryUpdateLater());
          };
          resolve(this.#welcome);
        } else if (message.type === 'error' && (message.data.ref === 'join' || message.data.code === 'unauthorized')) {
          fail(serverError(message.data));
        } else {
          // 1.2: in a waiting room until a host lets us in: no time limit on the welcome.
          if (message.type === 'waiting') clearTimeout(timer);
          dispatchMessage(this, message, () => this.#retryUpdateLater());
        }
      };
    });
  }

  #retryUpdateLater() {
    if (this.#updateRetryTimer !== undefined) return;
    this.#updateRetryTimer = setTimeout(() => {
      this.#updateRetryTimer = undefined;
      // Not joined now: the next welcome sends (or joins with) the latest anyway.
      if (this.#state === 'joined') this.#sendUpdate(this.#own?.latest());
    }, UPDATE_RETRY_MS);
  }

  #onUnexpectedClose(event: CloseEvent) {
    this.#socket = null;
    if (FINAL_CLOSE_CODES.has(event.code)) {
      this.#finish(closeError(event.code, event.reason), event.code);
      return;
    }
    this.#setState('reconnecting');
    const previousId = this.#welcome?.id;
    const on = () => this.#state === 'reconnecting';
    const finish = (error?: RtcError) =>
      this.#finish(error ?? new RtcError('connection-lost', 'Lost the signaling server for good'), CLOSE_CODES.normal);
    const { reconnectWindowMs: windowMs, retryBaseMs: baseMs, retryMaxMs: maxMs } = this.#options;
    // Loaded at our first welcome already (see join), so this is at once.
    void loadReconnect().then((loaded) => {
      if (!on()) return;
      if (!loaded) return finish();
      this.#retry = loaded.reconnect({
        windowMs,
        baseMs,
        maxMs,
        on,
        wait: (at, attempt) => this.emit('retry', { at, attempt }),
        join: () => this.#connectAndJoin(),
        finish,
        joined: (welcome) => {
          this.#retry = null;
          this.#setState('joined');
          const queued = this.#queue;
          this.#queue = [];
          // Messages queued for our old identity make no sense to peers if the server gave us a new one.
          const resumed = welcome.id === previousId;
          if (resumed) for (const frame of queued) this.#socket?.send(frame);
          this.#afterWelcome(resumed);
          this.emit('welcome', { welcome, resumed });
        },
      });
      // Started once kept: a listener of the first `retry` event can read `nextRetryAt`.
      this.#retry.start();
    });
  }
}

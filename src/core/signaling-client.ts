import { RtcError } from './errors.js';
import {
  CLOSE_CODES,
  DEFAULT_SIGNAL_PATH,
  isRelayType,
  isValidName,
  isValidRoom,
  type ClientMessage,
  type ErrorData,
  type RelayedMessage,
  type RelayPayloads,
  type RelayType,
  type ServerMessage,
  type WelcomeData,
} from './protocol.js';
import { TypedEventTarget } from './typed-event-target.js';

/** Where a {@link SignalingClient} stands. */
export type SignalingState = 'idle' | 'connecting' | 'joined' | 'reconnecting' | 'closed';

export interface SignalingClientOptions {
  /**
   * How long to keep trying to resume after the socket drops, in ms. Default 15000, the
   * server's default grace period: after it the server has told the room we left.
   */
  reconnectWindowMs?: number;
  /** How long to wait for the socket to open and `welcome` to arrive, in ms. Default 10000. */
  joinTimeoutMs?: number;
  /** Most relayed messages held while reconnecting; older ones beyond it are dropped. Default 512. */
  maxQueuedMessages?: number;
  /** A `WebSocket` constructor, for runtimes without a global one (e.g. `ws` in Node 20). */
  WebSocket?: typeof WebSocket;
}

export type JoinParams = { room: string; name?: string; token?: string; state?: Record<string, unknown> };

export interface SignalingClientEventMap {
  /** Joined, or re-joined after a drop; `resumed` is true when the server kept our id. */
  welcome: CustomEvent<{ welcome: WelcomeData; resumed: boolean }>;
  'peer-joined': CustomEvent<{ id: string; name: string; state?: Record<string, unknown> }>;
  'peer-updated': CustomEvent<{ id: string; name: string; state: Record<string, unknown> }>;
  'peer-left': CustomEvent<{ id: string }>;
  /** An `offer`, `answer` or `ice-candidate` relayed from another peer. */
  signal: CustomEvent<RelayedMessage>;
  /** The server refused a message (an `error` reply), or sent something that is not protocol v1. */
  'server-error': CustomEvent<{ error: RtcError; ref?: string }>;
  state: CustomEvent<{ state: SignalingState }>;
  /** The client is closed for good; `error` says why when it was not our own `close()`. */
  closed: CustomEvent<{ error?: RtcError }>;
}

/** Close codes after which reconnecting would only be refused again. */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE_CODES.policyViolation,
  CLOSE_CODES.tooLarge,
  CLOSE_CODES.unauthorized,
  CLOSE_CODES.replaced,
]);

/**
 * Turns a `server` setting into a WebSocket URL: `ws(s)://…` is kept, `http(s)://…` becomes
 * `ws(s)://…`, and a relative URL (or nothing: `/signal`) is resolved against `base`.
 */
export function resolveSignalingUrl(server: string | undefined, base?: string): string {
  const fallbackBase = typeof location === 'undefined' ? undefined : location.href;
  let url: URL;
  try {
    url = new URL(server || DEFAULT_SIGNAL_PATH, base ?? fallbackBase);
  } catch (cause) {
    throw new RtcError('invalid-server', `"${server}" is not a usable signaling URL`, { cause });
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new RtcError('invalid-server', `"${server}" is not a ws(s) or http(s) URL`);
  }
  return url.href;
}

/**
 * The browser side of the signaling protocol: one WebSocket to the server, `join`, relays to
 * peers, and silent resumption after a dropped socket (the server keeps our id for its grace
 * period). Framework-free; events are `CustomEvent`s on this `EventTarget`.
 *
 * ```ts
 * const client = new SignalingClient('wss://example.com/signal');
 * client.addEventListener('signal', e => console.log(e.detail.from, e.detail.type));
 * const welcome = await client.join({ room: 'demo', name: 'Ada' });
 * ```
 */
export class SignalingClient extends TypedEventTarget<SignalingClientEventMap> {
  readonly url: string;
  #options: Required<Omit<SignalingClientOptions, 'WebSocket'>>;
  #WebSocket: typeof WebSocket;
  #socket: WebSocket | null = null;
  #state: SignalingState = 'idle';
  #welcome: WelcomeData | null = null;
  #params: JoinParams | null = null;
  #queue: string[] = [];
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string, options: SignalingClientOptions = {}) {
    super();
    this.url = url;
    this.#options = {
      reconnectWindowMs: options.reconnectWindowMs ?? 15_000,
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
   * (`invalid-room`, `invalid-name`, `server-unreachable`, or the server's refusal such as
   * `room-full` or `unauthorized`).
   */
  async join(params: JoinParams): Promise<WelcomeData> {
    if (!isValidRoom(params.room)) {
      throw new RtcError(
        'invalid-room',
        `Room "${String(params.room)}" is not 1 to 64 characters of A-Z a-z 0-9 . _ -`,
      );
    }
    if (params.name !== undefined && !isValidName(params.name)) {
      throw new RtcError('invalid-name', 'Name must be at most 64 characters of display text');
    }
    if (this.#state === 'closed') throw new RtcError('connection-closed', 'This client is closed');
    if (this.#state !== 'idle') throw new RtcError('already-joined', 'join() was already called');
    this.#params = params;
    this.#setState('connecting');
    try {
      const welcome = await this.#connectAndJoin();
      this.#setState('joined');
      this.emit('welcome', { welcome, resumed: false });
      return welcome;
    } catch (error) {
      this.#finish(error as RtcError, CLOSE_CODES.normal);
      throw error;
    }
  }

  /** Relays `data` to peer `to`. Held (bounded) while reconnecting, sent once re-joined. */
  send<T extends RelayType>(type: T, to: string, data: RelayPayloads[T]): void {
    const frame = JSON.stringify({ type, to, data } as ClientMessage);
    if (this.#state === 'joined' && this.#socket?.readyState === this.#WebSocket.OPEN) {
      this.#socket.send(frame);
    } else if (this.#state === 'reconnecting' || this.#state === 'connecting') {
      this.#queue.push(frame);
      if (this.#queue.length > this.#options.maxQueuedMessages) this.#queue.shift();
    }
  }

  /** Changes our name and/or replaces our state; the others get `peer-updated`. */
  update(patch: { name?: string; state?: Record<string, unknown> }): void {
    if (patch.name !== undefined && this.#params) this.#params = { ...this.#params, name: patch.name };
    if (patch.state !== undefined && this.#params) this.#params = { ...this.#params, state: patch.state };
    const frame = JSON.stringify({ type: 'update', data: patch });
    if (this.#state === 'joined' && this.#socket?.readyState === this.#WebSocket.OPEN) this.#socket.send(frame);
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
    clearTimeout(this.#reconnectTimer);
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

  /** Opens a socket, sends `join` (with the resume token when we have one), awaits `welcome`. */
  #connectAndJoin(): Promise<WelcomeData> {
    const params = this.#params!;
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
        const data = {
          room: params.room,
          ...(params.name !== undefined && { name: params.name }),
          ...(params.token !== undefined && { token: params.token }),
          ...(resume !== undefined && { resume }),
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
        const message = this.#parse(event.data);
        if (!message) return;
        if (message.type === 'welcome') {
          settled = true;
          clearTimeout(timer);
          this.#welcome = message.data;
          socket.onclose = (closeEvent) => this.#onUnexpectedClose(closeEvent);
          socket.onmessage = (messageEvent) => {
            const next = this.#parse(messageEvent.data);
            if (next) this.#dispatch(next);
          };
          resolve(message.data);
        } else if (message.type === 'error' && (message.data.ref === 'join' || message.data.code === 'unauthorized')) {
          fail(serverError(message.data));
        } else {
          this.#dispatch(message);
        }
      };
    });
  }

  #parse(raw: unknown): ServerMessage | null {
    let message: unknown;
    try {
      message = typeof raw === 'string' ? JSON.parse(raw) : null;
    } catch {
      message = null;
    }
    if (!message || typeof message !== 'object' || typeof (message as { type?: unknown }).type !== 'string') {
      this.emit('server-error', {
        error: new RtcError('protocol-violation', 'The server sent a frame that is not a protocol v1 message'),
      });
      return null;
    }
    return message as ServerMessage;
  }

  #dispatch(message: ServerMessage) {
    switch (message.type) {
      case 'peer-joined':
        if (typeof message.from === 'string') {
          const data = message.data as { name?: unknown; state?: Record<string, unknown> } | undefined;
          this.emit('peer-joined', {
            id: message.from,
            name: String(data?.name ?? ''),
            ...(data?.state && { state: data.state }),
          });
        }
        return;
      // @ts-expect-error: protocol 1.1 (temporary until the protocol types land)
      case 'peer-updated': {
        const m = message as unknown as { from: string; data: { name: string; state: Record<string, unknown> } };
        this.emit('peer-updated', { id: m.from, name: String(m.data?.name ?? ''), state: m.data?.state ?? {} });
        return;
      }
      case 'peer-left':
        if (typeof message.from === 'string') this.emit('peer-left', { id: message.from });
        return;
      case 'error':
        this.emit('server-error', {
          error: serverError(message.data),
          ...(message.data?.ref !== undefined && { ref: message.data.ref }),
        });
        return;
      case 'welcome':
        return;
      default:
        if (isRelayType(message.type) && typeof message.from === 'string') {
          this.emit('signal', message);
        } else {
          this.emit('server-error', {
            error: new RtcError(
              'protocol-violation',
              `Unexpected message type "${(message as { type: string }).type}"`,
            ),
          });
        }
    }
  }

  #onUnexpectedClose(event: CloseEvent) {
    this.#socket = null;
    if (FINAL_CLOSE_CODES.has(event.code)) {
      this.#finish(closeError(event.code, event.reason), event.code);
      return;
    }
    this.#setState('reconnecting');
    const deadline = Date.now() + this.#options.reconnectWindowMs;
    let attempt = 0;
    const tryAgain = () => {
      const delay = Math.min(200 * 2 ** attempt++, 2_000);
      if (Date.now() + delay > deadline) {
        this.#finish(
          new RtcError('connection-lost', 'The connection to the signaling server was lost and could not be resumed'),
          CLOSE_CODES.normal,
        );
        return;
      }
      this.#reconnectTimer = setTimeout(() => {
        const previousId = this.#welcome?.id;
        this.#connectAndJoin().then(
          (welcome) => {
            if (this.#state !== 'reconnecting') return;
            this.#setState('joined');
            const queued = this.#queue;
            this.#queue = [];
            // Messages queued for our old identity make no sense to peers if the server gave us a new one.
            const resumed = welcome.id === previousId;
            if (resumed) for (const frame of queued) this.#socket?.send(frame);
            this.emit('welcome', { welcome, resumed });
          },
          (error: RtcError) => {
            if (this.#state !== 'reconnecting') return;
            if (error.code === 'server-unreachable') tryAgain();
            else this.#finish(error, CLOSE_CODES.normal);
          },
        );
      }, delay);
    };
    tryAgain();
  }
}

function serverError(data: ErrorData | undefined): RtcError {
  const code = data?.code ?? 'protocol-violation';
  return new RtcError(code, data?.message || `The server refused a message (${code})`);
}

function closeError(code: number, reason: string): RtcError {
  if (code === CLOSE_CODES.unauthorized)
    return new RtcError('unauthorized', reason || 'The server refused our credentials');
  if (code === CLOSE_CODES.replaced)
    return new RtcError('connection-closed', reason || 'This session was resumed on another connection');
  if (code === CLOSE_CODES.tooLarge)
    return new RtcError('too-large', reason || 'A message was over the server size limit');
  return new RtcError('connection-closed', reason || `The server closed the connection (${code})`);
}

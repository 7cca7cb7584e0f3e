/**
 * A small client of Janus's WebSocket API (subprotocol `janus-protocol`): one session, the
 * plugin handles attached to it, requests and their answers, trickled candidates and the
 * session's keep-alive. Every request is acknowledged (`ack`), then answered by an `event` (or
 * at once by `success` or `error`) with the same transaction; what comes without a transaction
 * (a plugin's own events, `webrtcup`, `hangup`, `media`, `timeout`) goes to the handle it names.
 */
import { PartEventTarget } from '../../part-event-target.js';

/** A message from Janus, as far as this reads it. */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: RTCSessionDescriptionInit;
  error?: { code: number; reason: string };
  reason?: string;
}

/** Janus refused a request: its own error, or the plugin's (`error_code`). */
export class JanusError extends Error {
  override readonly name = 'JanusError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface JanusSessionEventMap {
  /** A message for one handle that answers no request of ours (a plugin's event, `webrtcup`, `hangup`…). */
  handle: CustomEvent<{ handle: number; message: JanusMessage }>;
  /** The socket closed, or Janus forgot the session (`timeout`): everything on it is gone. */
  closed: CustomEvent<{ reason: string }>;
}

/** How often the session says it is alive (Janus forgets it after 60 s of silence by default). */
const KEEPALIVE_MS = 25_000;
/** How long a request may wait for its answer before the session is given up. */
const REQUEST_MS = 15_000;

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: Error): void;
  /** An `ack` answers it (trickle, keep-alive), rather than the event that follows. */
  ack: boolean;
  timer: ReturnType<typeof setTimeout>;
}

/** Makes a transaction id: random, so that two sessions in one page never mix theirs. */
const transaction = () => Array.from(crypto.getRandomValues(new Uint32Array(2)), (n) => n.toString(36)).join('');

export class JanusSession extends PartEventTarget<JanusSessionEventMap> {
  #socket: WebSocket;
  #id = 0;
  #pending = new Map<string, Pending>();
  #keepalive: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  private constructor(socket: WebSocket) {
    super();
    this.#socket = socket;
    socket.onmessage = ({ data }) => this.#receive(data);
    socket.onclose = () => this.#end('the Janus WebSocket closed');
  }

  /** Opens a socket to `url` and creates a session on it; rejects when either fails within `timeoutMs`. */
  static async connect(url: string, timeoutMs = 10_000): Promise<JanusSession> {
    const socket = new WebSocket(url, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error(`Janus at ${url} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.onopen = () => {
        clearTimeout(timer);
        resolve();
      };
      socket.onerror = () => {
        clearTimeout(timer);
        reject(new Error(`Could not reach Janus at ${url}`));
      };
    });
    const session = new JanusSession(socket);
    try {
      const created = await session.#request({ janus: 'create' }, false);
      session.#id = created.data?.id ?? 0;
    } catch (error) {
      session.close();
      throw error;
    }
    session.#keepalive = setInterval(
      () => void session.#request({ janus: 'keepalive', session_id: session.#id }, true).catch(() => undefined),
      KEEPALIVE_MS,
    );
    return session;
  }

  /** Whether the session is gone (its socket closed, Janus timed it out, or `close()`). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Attaches a handle to `plugin`; resolves with its id. */
  async attach(plugin: string): Promise<number> {
    const answer = await this.#request({ janus: 'attach', plugin, session_id: this.#id }, false);
    return answer.data?.id ?? 0;
  }

  /**
   * Sends `body` (and `jsep`) to the plugin on `handle`; resolves with its answer: the plugin's
   * data and the description it sends back, if any. Rejects with a {@link JanusError} when Janus
   * or the plugin refuses it.
   */
  async message(
    handle: number,
    body: Record<string, unknown>,
    jsep?: RTCSessionDescriptionInit & Record<string, unknown>,
  ): Promise<{ data: Record<string, unknown>; jsep: RTCSessionDescriptionInit | undefined }> {
    const answer = await this.#request(
      { janus: 'message', session_id: this.#id, handle_id: handle, body, ...(jsep && { jsep }) },
      false,
    );
    const data = answer.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? 'refused'));
    return { data, jsep: answer.jsep };
  }

  /** Trickles a candidate of the connection on `handle` (null: gathering is complete). */
  trickle(handle: number, candidate: RTCIceCandidateInit | null): void {
    const body = candidate ?? { completed: true };
    void this.#request({ janus: 'trickle', session_id: this.#id, handle_id: handle, candidate: body }, true).catch(
      () => undefined,
    );
  }

  /** Detaches `handle` (its peer connection on Janus's side closes); never rejects. */
  async detach(handle: number): Promise<void> {
    await this.#request({ janus: 'detach', session_id: this.#id, handle_id: handle }, false).catch(() => undefined);
  }

  /** Destroys the session (without waiting) and closes the socket. */
  close(): void {
    if (!this.#closed && this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.send(JSON.stringify({ janus: 'destroy', session_id: this.#id, transaction: transaction() }));
    }
    this.#end('closed');
    this.#socket.close();
  }

  #request(message: Record<string, unknown>, ack: boolean): Promise<JanusMessage> {
    if (this.#closed) return Promise.reject(new Error('The Janus session is closed'));
    const id = transaction();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`Janus did not answer ${String(message.janus)} within ${REQUEST_MS} ms`));
        // A server that stops answering is as good as gone: start over.
        this.#end(`Janus stopped answering (${String(message.janus)})`);
        this.#socket.close();
      }, REQUEST_MS);
      this.#pending.set(id, { resolve, reject, ack, timer });
      this.#socket.send(JSON.stringify({ ...message, transaction: id }));
    });
  }

  #receive(text: unknown) {
    let message: JanusMessage;
    try {
      message = JSON.parse(String(text)) as JanusMessage;
    } catch {
      return;
    }
    const pending = message.transaction ? this.#pending.get(message.transaction) : undefined;
    if (pending && (message.janus !== 'ack' || pending.ack)) {
      this.#pending.delete(message.transaction!);
      clearTimeout(pending.timer);
      if (message.janus === 'error') {
        pending.reject(new JanusError(message.error?.code ?? 0, message.error?.reason ?? 'error'));
      } else pending.resolve(message);
      return;
    }
    if (pending) return;
    if (message.janus === 'timeout') {
      this.#end('Janus timed the session out');
      this.#socket.close();
    } else if (message.sender) this.emit('handle', { handle: message.sender, message });
  }

  #end(reason: string) {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error(reason));
    }
    this.#pending.clear();
    this.emit('closed', { reason });
  }
}

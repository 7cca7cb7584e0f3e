/**
 * Messages: reading a frame (size, UTF-8, JSON, type, rate), the inbox that keeps a connection's
 * messages in order while a join completes, and handling each type (relay, update, leave; join
 * is the sessions' own).
 */
import { isUtf8 } from 'node:buffer';
import { CLOSE_CODES, isRelayType, type RelayType } from '../src/core/protocol.js';
import { ConnectionLayer, MAX_REF_LENGTH, type Connection } from './connections.js';
import { MAX_PENDING_MESSAGES, takeToken } from './limits.js';
import { checkDataMessage } from './data-message.js';
import { checkUpdate } from './participant-state.js';
import { relayFrame, relayRefusal } from './relay.js';
import type { RawData } from './ws-internals.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawByteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

/** The frame's text, or undefined when its bytes are not valid UTF-8. */
function rawToString(data: RawData): string | undefined {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

/** The remote address of a connection, for logs. */
/** Reads, orders and handles the messages of the connections (a layer of `SignalingServer`). */
export abstract class MessageLayer extends ConnectionLayer {
  /** `join`: a fresh join or a resume (see `sessions.ts`). */
  protected abstract join(connection: Connection, message: Record<string, unknown>): Promise<void>;

  protected onFrame(connection: Connection, data: RawData, isBinary: boolean): void {
    if (connection.closed || connection.closeReason !== undefined) return;
    if (rawByteLength(data) > this.options.maxFrameBytes) {
      this.refuse(
        connection,
        'too-large',
        `frames are limited to ${this.options.maxFrameBytes} bytes`,
        undefined,
        true,
      );
      this.closeConnection(connection, CLOSE_CODES.tooLarge, 'too-large', 'frame too large');
      return;
    }
    if (isBinary) return this.refuse(connection, 'bad-message', 'binary frames are not accepted');
    let parsed: unknown;
    const text = rawToString(data);
    if (text === undefined) return this.refuse(connection, 'bad-json', 'the frame is not valid UTF-8');
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.refuse(connection, 'bad-json', 'the frame is not valid JSON');
    }
    if (!isPlainObject(parsed)) return this.refuse(connection, 'bad-message', 'a message must be a JSON object');
    const type = parsed.type;
    if (typeof type !== 'string') return this.refuse(connection, 'bad-message', 'a message needs a string `type`');
    const ref = type.slice(0, MAX_REF_LENGTH);
    if (!takeToken(connection, this.options, this.now()))
      return this.refuse(connection, 'rate-limited', 'too many messages; slow down', ref);
    if (!this.knows(type)) return this.refuse(connection, 'unknown-type', `unknown message type`, ref);
    const inbox = connection.inbox;
    if (inbox !== null) {
      // An earlier message (a join) is still being decided: this one waits behind it.
      if (inbox.length >= MAX_PENDING_MESSAGES) {
        return this.refuse(connection, 'rate-limited', 'too many messages waiting for a join to complete', ref);
      }
      inbox.push({ type, message: parsed, text });
      return;
    }
    // Nothing is being decided: handle it now. Only a message that must wait (a join) opens an inbox.
    const pending = this.dispatch(connection, type, parsed, text);
    if (pending) void this.drain(connection, type, pending);
  }

  /** True for the message types this server handles. */
  protected knows(type: string): boolean {
    return isRelayType(type) || type === 'join' || type === 'leave' || type === 'update' || type === 'message';
  }

  /** Handles one message; returns a promise when the handler has to wait (auth, Redis). */
  protected dispatch(
    connection: Connection,
    type: string,
    message: Record<string, unknown>,
    text: string,
  ): Promise<void> | undefined {
    try {
      return this.handle(connection, type, message, text) ?? undefined;
    } catch (error) {
      this.handlerFailed(connection, type, error);
      return undefined;
    }
  }

  protected handlerFailed(connection: Connection, type: string, error: unknown): void {
    this.logger.error('message handler failed', { error, type });
    if (!connection.closed) this.refuse(connection, 'bad-message', 'the server could not handle this message', type);
  }

  /**
   * Waits for a handler that had to wait, then handles the messages that arrived meanwhile one at
   * a time, in order.
   */
  protected async drain(connection: Connection, type: string, pending: Promise<void>): Promise<void> {
    connection.inbox = [];
    try {
      for (;;) {
        try {
          await pending;
        } catch (error) {
          this.handlerFailed(connection, type, error);
        }
        let next: Promise<void> | undefined;
        while (next === undefined) {
          const item = connection.inbox?.shift();
          if (item === undefined || connection.closed || connection.closeReason !== undefined) return;
          type = item.type;
          next = this.dispatch(connection, item.type, item.message, item.text);
        }
        pending = next;
      }
    } finally {
      connection.inbox = null;
    }
  }

  protected handle(
    connection: Connection,
    type: string,
    message: Record<string, unknown>,
    text: string,
  ): Promise<void> | void {
    // Relays first: the hot path.
    if (isRelayType(type)) return this.relay(connection, type, message, text);
    if (type === 'join') return this.join(connection, message);
    if (type === 'leave') return this.leave(connection);
    if (type === 'update') return this.update(connection, message);
    if (type === 'message') return this.dataMessage(connection, message);
  }

  /** `message` (1.2): application data to one peer, or to every other 1.2 peer of the room. */
  protected dataMessage(connection: Connection, message: Record<string, unknown>): void {
    const checked = checkDataMessage(message, connection.session);
    if (!checked.ok) return this.refuse(connection, checked.code, checked.why, 'message');
    const session = connection.session!;
    const members = this.directory.members(session.room);
    if (checked.to !== undefined) {
      const member = members.find((peer) => peer.id === checked.to);
      // A 1.1 client never gets one: to it, the peer is not there.
      if (member?.media === undefined || !this.directory.relay(session.room, member.id, checked.frame)) {
        return this.refuse(connection, 'unknown-peer', 'no such peer (that takes messages) in this room', 'message');
      }
      return;
    }
    for (const member of members) {
      if (member.id !== session.id && member.media !== undefined)
        this.directory.relay(session.room, member.id, checked.frame);
    }
  }

  protected relay(connection: Connection, type: RelayType, message: Record<string, unknown>, text: string): void {
    const session = connection.session;
    const refusal = relayRefusal(message, session);
    if (refusal) return this.refuse(connection, refusal.code, refusal.message, type);
    const frame = relayFrame(type, session!.id, message, text);
    if (!this.directory.relay(session!.room, message.to as string, frame)) {
      return this.refuse(connection, 'unknown-peer', 'no such peer in this room', type);
    }
    this.metrics.relayedByType[type].inc();
  }

  /** `update`: a new name and/or state; the room's other peers get `peer-updated`. */
  protected async update(connection: Connection, message: Record<string, unknown>): Promise<void> {
    const checked = checkUpdate(message.data);
    if (!checked.ok) return this.refuse(connection, checked.code, checked.message, 'update');
    const session = connection.session;
    if (session?.state !== 'active') return this.refuse(connection, 'not-joined', 'join a room first', 'update');
    const { change } = checked;
    if (change.name !== undefined && session.fixedName !== undefined && change.name !== session.fixedName) {
      return this.refuse(connection, 'unauthorized', 'the name comes from the join token', 'update');
    }
    // Nothing this server knows to change (e.g. only fields of a later version): nothing to tell.
    if (change.name === undefined && change.state === undefined) return;
    let updated: boolean;
    try {
      updated = await this.directory.update(session.room, session.id, change);
    } catch (error) {
      this.logger.error('update failed', { error, peer: session.id });
      return this.refuse(connection, 'rate-limited', 'the server could not update now; try again', 'update');
    }
    if (!updated) return this.refuse(connection, 'not-joined', 'not in a room', 'update');
  }

  protected async leave(connection: Connection): Promise<void> {
    const session = connection.session;
    if (session?.state !== 'active') return this.refuse(connection, 'not-joined', 'not in a room', 'leave');
    connection.session = null;
    session.connection = null;
    this.logger.debug('left', { peer: session.id, room: session.room });
    await this.removeSession(session);
  }
}

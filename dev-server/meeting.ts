/**
 * Meetings (protocol 1.2), a layer of `SignalingServer`: hosts and what they may do (ask to mute
 * or turn the camera off, lower hands, remove with a ban, lock, end), the waiting room (knocks a
 * host admits or denies), the order of raised hands (from each peer's `state.hand`) and
 * reactions. What the processes of a Redis cluster share of it is in meeting-cluster.ts (see
 * docs/protocol.md, "Meetings and Redis").
 */
import { randomBytes } from 'node:crypto';
import {
  type Ask,
  HOST_ACTIONS,
  MEETING_CLOSE_CODES as CLOSE_CODES,
  type HostAction,
  type MeetingState,
  REACTIONS,
} from '../src/core/protocol-meeting.js';
import type { Connection } from './connections.js';
import { MediaLayer } from './media.js';
import { isPlainObject } from './messages.js';
import { MeetingRoom, type Knock } from './meeting-room.js';
import type { Knock as KnockInfo } from '../src/core/protocol.js';
import { takeReaction } from '../src/core/reaction-bucket.js';
import type { RoomPeer } from './rooms.js';
import type { Session } from './session.js';
import type { Entry } from './sessions.js';

const ASKS: ReadonlySet<string> = new Set<Ask>(['mute', 'camera-off', 'lower-hand']);

/** A host's answer to knocks. */
export type KnockAnswer = 'admit' | 'deny' | 'admit-all' | 'deny-all';

/** The meetings of a signaling server (see the file's top). */
export abstract class MeetingLayer extends MediaLayer {
  /** The meeting state of each room with members (or knocks) on this process. */
  protected readonly meetings = new Map<string, MeetingRoom>();
  /** Removed participants' token hashes (`room`, newline, hash) and until when (epoch ms) they may not rejoin. */
  protected readonly bans = new Map<string, number>();
  /** The connections waiting in a waiting room, and which room. */
  protected readonly knocking = new Map<Connection, string>();

  protected override knows(type: string): boolean {
    return super.knows(type) || type === 'host' || type === 'reaction';
  }

  protected override handle(
    connection: Connection,
    type: string,
    message: Record<string, unknown>,
    text: string,
  ): Promise<void> | void {
    if (type === 'host') return this.hostAction(connection, message.data);
    if (type === 'reaction') return this.reaction(connection, message.data);
    return super.handle(connection, type, message, text);
  }

  // Across processes (meeting-cluster.ts): what the room's processes share of a join's admission
  // (undefined: refused); a remove of a peer another process holds; the lock on every process.
  protected abstract sharedAdmission(entry: Entry): Promise<{ banned: boolean; firstFree?: boolean } | undefined>;
  protected abstract removeElsewhere(host: Session, to: string): Promise<void>;
  protected abstract shareLock(host: Session, locked: boolean): Promise<void>;
  // The waiting room across processes: knocks came here (`added`) or went; the knocks hosts see;
  // an answer to knocks not held here (`to` undefined: all of them), or why it cannot be given.
  protected abstract shareKnocks(room: string, added: Knock[], gone: Knock[]): void;
  protected abstract knocksFor(room: string): KnockInfo[];
  protected abstract answerElsewhere(host: Session, action: KnockAnswer, to: string | undefined): string | undefined;

  /** The local sessions of `room` that are hosts. */
  protected hostsOf(room: string): Session[] {
    return (this.localRooms.get(room) ?? []).filter((session) => session.host && session.state !== 'removed');
  }

  private waitingRoomFor(room: string): boolean {
    const rooms = this.options.waitingRoom;
    return rooms.includes('*') || rooms.includes(room);
  }

  /** The room's meeting state, made (with the hands already up, in member order) when it has none. */
  protected meeting(room: string): MeetingRoom {
    let meeting = this.meetings.get(room);
    if (!meeting) {
      meeting = new MeetingRoom();
      for (const peer of this.directory.members(room)) if (peer.state.hand === true) meeting.hands.push(peer.id);
      this.meetings.set(room, meeting);
    }
    return meeting;
  }

  /** Forgets a room's meeting state once nobody is in it or waits for it here (its lock ends with it). */
  protected tidy(room: string): void {
    const meeting = this.meetings.get(room);
    if (meeting && meeting.knocks.length === 0 && !this.localRooms.has(room)) this.meetings.delete(room);
  }

  protected override async admission(entry: Entry): Promise<boolean> {
    const { connection, room } = entry;
    if (this.knocking.has(connection)) {
      this.refuse(connection, 'already-joined', 'already waiting to be let in', 'join');
      return false;
    }
    const shared = await this.sharedAdmission(entry);
    if (shared === undefined) return false;
    let banned = shared.banned;
    if (entry.tokenHash !== undefined) {
      const key = `${room}\n${entry.tokenHash}`;
      const until = this.bans.get(key);
      if (until !== undefined && until > Date.now()) banned = true;
      else if (until !== undefined) this.bans.delete(key);
    }
    if (banned) {
      this.logger.info('join refused: removed by a host a short while ago', { room });
      this.refuse(connection, 'banned', 'a host removed this token from the room; try again later', 'join');
      return false;
    }
    if (this.meetings.get(room)?.locked && !entry.host) {
      this.refuse(connection, 'locked', 'the room is locked', 'join');
      return false;
    }
    // `hosts: first`: the first 1.2 participant of a room without a host becomes its host (across
    // processes, it goes in and takes it once in: meeting-cluster.ts).
    let first = false;
    if (!entry.host && this.options.hosts === 'first' && entry.media !== undefined && this.hostsOf(room).length === 0) {
      if (shared.firstFree === undefined) entry.host = true;
      else first = shared.firstFree;
    }
    if (entry.host || first || !(entry.wait || this.waitingRoomFor(room))) return true;
    const meeting = this.meeting(room);
    const knock = { id: randomBytes(12).toString('base64url'), entry };
    meeting.knocks.push(knock);
    this.knocking.set(connection, room);
    this.shareKnocks(room, [knock], []);
    // A 1.1 client is told nothing: its welcome just comes later.
    if (entry.media !== undefined) this.sendMessage(connection, { type: 'waiting', data: { room } });
    this.logger.debug('waiting to be let in', { room });
    this.tell(room);
    return false;
  }

  /** Takes a waiting connection out of its room's waiting room; its knock, if it had one. */
  private unknock(connection: Connection): Knock | undefined {
    const room = this.knocking.get(connection);
    if (room === undefined) return undefined;
    this.knocking.delete(connection);
    const knock = this.meetings.get(room)?.take(connection);
    if (knock) this.shareKnocks(room, [], [knock]);
    this.tell(room);
    this.tidy(room);
    return knock;
  }

  protected override onClose(connection: Connection, code: number): void {
    super.onClose(connection, code);
    this.unknock(connection);
  }

  protected override async leave(connection: Connection): Promise<void> {
    if (this.unknock(connection)) return;
    return super.leave(connection);
  }

  protected override welcomed(session: Session): void {
    super.welcomed(session);
    if (session.host) this.tell(session.room);
    else if (session.media !== undefined) {
      const meeting = this.meetings.get(session.room);
      if (
        meeting &&
        (meeting.locked ||
          meeting.hands.length > 0 ||
          meeting.firstHost !== undefined ||
          this.hostsOf(session.room).length > 0)
      )
        this.tellOne(session, this.stateOf(session.room));
    }
  }

  protected override released(session: Session, left: boolean): void {
    super.released(session, left);
    const room = session.room;
    if (session.host && this.hostsOf(room).length === 0 && this.options.hosts === 'first') {
      // Passed on to the longest-present 1.2 participant (sessions are in the order they joined).
      const next = (this.localRooms.get(room) ?? []).find((s) => s.state === 'active' && s.media !== undefined);
      this.passHost(session, next);
    }
    if (session.host) this.tell(room);
    this.tidy(room);
  }

  /** `--hosts first`: the leaving host `from` passes the role on to `next` (here, if any). */
  protected passHost(from: Session, next: Session | undefined): void {
    if (!next) return;
    next.host = true;
    this.logger.info('host passed on', { room: from.room, peer: next.id });
  }

  /** Hands: the order they went up in, from each peer's `state.hand` (on any process). */
  protected override peerChanged(room: string, id: string, peer: RoomPeer | undefined): void {
    if (!this.localRooms.has(room)) return;
    const meeting = this.meeting(room);
    const up = peer?.state.hand === true;
    const index = meeting.hands.indexOf(id);
    if (up === (index !== -1)) return;
    if (up) meeting.hands.push(id);
    else meeting.hands.splice(index, 1);
    this.tell(room);
  }

  private stateOf(room: string): MeetingState {
    const meeting = this.meetings.get(room);
    const hosts = this.hostsOf(room).map((session) => session.id);
    // The first host held by another process (Redis), while it is a member.
    const first = meeting?.firstHost;
    if (first !== undefined && !hosts.includes(first) && this.directory.members(room).some((peer) => peer.id === first))
      hosts.push(first);
    return {
      hosts,
      locked: meeting?.locked ?? false,
      hands: meeting?.hands.slice() ?? [],
    };
  }

  private tellOne(session: Session, data: MeetingState): void {
    if (session.state === 'active' && session.connection && session.media !== undefined)
      this.sendMessage(session.connection, { type: 'meeting', data });
  }

  /** Sends the room's meeting state to its local 1.2 members; hosts see the knocks too. */
  protected tell(room: string): void {
    const sessions = this.localRooms.get(room);
    if (!sessions) return;
    const state = this.stateOf(room);
    const knocks = this.knocksFor(room);
    for (const session of sessions) this.tellOne(session, session.host ? { ...state, knocks } : state);
  }

  protected hostAction(connection: Connection, data: unknown): Promise<void> | void {
    const session = connection.session;
    if (session?.state !== 'active') return this.refuse(connection, 'not-joined', 'join a room first', 'host');
    const action = isPlainObject(data) ? (data.action as HostAction) : undefined;
    const to = isPlainObject(data) ? data.to : undefined;
    if (!HOST_ACTIONS.includes(action!) || (to !== undefined && typeof to !== 'string'))
      return this.refuse(connection, 'bad-message', '`data` needs a known `action` and a string `to`', 'host');
    const { room, id } = session;
    if (!session.host) {
      this.logger.warn('host action refused: not a host', { room, peer: id, action });
      return this.refuse(connection, 'not-host', 'only a host can do this', 'host');
    }
    this.logger.info('host action', { room, peer: id, action, to });
    const shared = this.directory.meetings?.();
    if (shared && (action === 'lock' || action === 'unlock')) return this.shareLock(session, action === 'lock');
    const meeting = this.meeting(room);
    const why = this.act(session, meeting, action!, to as string | undefined);
    if (why !== undefined) this.refuse(connection, 'unknown-peer', why, 'host');
    this.tidy(room);
  }

  /** Does a host's action; returns why it could not (an unknown peer or knock). */
  private act(host: Session, meeting: MeetingRoom, action: HostAction, to: string | undefined): string | undefined {
    const room = host.room;
    switch (action) {
      case 'mute':
      case 'camera-off':
      case 'lower-hand': {
        const peer = this.directory.members(room).find((member) => member.id === to);
        if (!peer) return 'no such peer in this room';
        if (action === 'lower-hand') meeting.lower(peer.id);
        else if (peer.media === undefined) return 'that peer cannot be asked (a 1.1 client)';
        this.ask(host, peer, action);
        break;
      }
      case 'lower-hands':
      case 'next-hand': {
        const lowered = action === 'next-hand' ? meeting.hands.splice(0, 1) : meeting.hands.splice(0);
        const members = this.directory.members(room);
        for (const peer of members) if (lowered.includes(peer.id)) this.ask(host, peer, 'lower-hand');
        break;
      }
      case 'remove': {
        const target = to === undefined ? undefined : this.sessions.get(to);
        if (target && target.room === room && target.state !== 'removed') void this.removeByHost(target, host.id);
        else if (!this.directory.members(room).some((peer) => peer.id === to)) return 'no such peer in this room';
        // Held by another process (Redis): that process removes it.
        else void this.removeElsewhere(host, to!);
        return undefined;
      }
      case 'lock':
      case 'unlock':
        meeting.locked = action === 'lock';
        break;
      case 'end':
        this.logger.info('call ended by a host', { room, by: host.id });
        this.directory
          .meetings?.()
          .end(room, host.id)
          .catch((error: unknown) => this.logger.warn('the end did not reach the other processes', { error, room }));
        this.endHere(room);
        return undefined;
      case 'admit':
      case 'deny':
      case 'admit-all':
      case 'deny-all': {
        const all = action.endsWith('-all');
        // Those held here; the others (Redis) by the processes that hold them.
        if (this.answer(room, action, to) === 0 || all) {
          const why = this.answerElsewhere(host, action, all ? undefined : to);
          if (why !== undefined && !all) return why;
        }
        break;
      }
    }
    this.tell(room);
    return undefined;
  }

  /** Lets in or turns away the knocks held here (`to`, or all); how many. */
  protected answer(room: string, action: KnockAnswer, to: string | undefined): number {
    const meeting = this.meetings.get(room);
    if (!meeting) return 0;
    const knocks = action.endsWith('-all') ? meeting.knocks.splice(0) : meeting.pick(to);
    this.shareKnocks(room, [], knocks);
    for (const knock of knocks) {
      if (action.startsWith('admit')) {
        this.knocking.delete(knock.entry.connection);
        this.enter(knock.entry).catch((error: unknown) => this.logger.error('admitted join failed', { error }));
      } else {
        this.turnAway(knock, CLOSE_CODES.denied, 'denied');
      }
    }
    return knocks.length;
  }

  /** Ends the call on this process: its sessions of `room` and its waiting room are closed with 4410. */
  protected endHere(room: string): void {
    const knocks = this.meetings.get(room)?.knocks.splice(0) ?? [];
    this.shareKnocks(room, [], knocks);
    for (const knock of knocks) this.turnAway(knock, CLOSE_CODES.ended, 'ended');
    for (const session of this.localRooms.get(room) ?? [])
      this.end(session, CLOSE_CODES.ended, 'ended', 'a host ended the call');
    this.meetings.delete(room);
  }

  /** Removes `target` (held here) on host `by`'s word: its token is banned (on every process), it is closed with 4403. */
  protected async removeByHost(target: Session, by: string): Promise<void> {
    const room = target.room;
    if (target.tokenHash !== undefined) {
      this.bans.set(`${room}\n${target.tokenHash}`, Date.now() + this.options.removeBanMs);
      // Shared before the socket closes: a join with the token on any process is refused.
      await this.directory
        .meetings?.()
        .ban(room, target.tokenHash, this.options.removeBanMs)
        .catch((error: unknown) => this.logger.warn('the ban is on this process only', { error, room }));
    }
    if (target.state === 'removed') return;
    this.logger.info('removed by a host', { room, peer: target.id, by });
    this.end(target, CLOSE_CODES.removed, 'removed', 'a host removed you');
  }

  /** Asks `peer` (a 1.2 client) to mute, turn its camera off or lower its hand: it does it itself. */
  private ask(host: Session, peer: RoomPeer, action: Ask): void {
    if (peer.media === undefined || !ASKS.has(action)) return;
    this.directory.relay(host.room, peer.id, JSON.stringify({ type: 'ask', from: host.id, data: { action } }));
  }

  private turnAway(knock: Knock, code: number, reason: 'denied' | 'ended'): void {
    this.knocking.delete(knock.entry.connection);
    this.closeConnection(
      knock.entry.connection,
      code,
      reason,
      reason === 'denied' ? 'a host did not let you in' : 'ended',
    );
  }

  /** Ends a session on a host's word: its socket closes with `code`; a dropped one leaves now. */
  private end(session: Session, code: number, reason: 'removed' | 'ended', text: string): void {
    this.sfu?.eject(session);
    const connection = session.connection;
    if (connection) this.closeConnection(connection, code, reason, text);
    else void this.removeSession(session);
  }

  /** `reaction`: one of the fixed set, to every other 1.2 peer of the room; a flood is refused. */
  protected reaction(connection: Connection, data: unknown): void {
    const session = connection.session;
    if (session?.state !== 'active') return this.refuse(connection, 'not-joined', 'join a room first', 'reaction');
    const emoji = isPlainObject(data) ? data.emoji : undefined;
    if (!REACTIONS.includes(emoji as (typeof REACTIONS)[number]))
      return this.refuse(connection, 'bad-message', `\`emoji\` must be one of ${REACTIONS.join(' ')}`, 'reaction');
    if (!takeReaction(session.reactions, this.now()))
      return this.refuse(connection, 'rate-limited', 'too many reactions; slow down', 'reaction');
    const frame = JSON.stringify({ type: 'reaction', from: session.id, data: { emoji } });
    for (const peer of this.directory.members(session.room)) {
      if (peer.id !== session.id && peer.media !== undefined) this.directory.relay(session.room, peer.id, frame);
    }
  }
}

/**
 * Meetings across the processes of a Redis cluster, a layer of `SignalingServer` over
 * `MeetingLayer` (meeting.ts), through the directory's `SharedMeetings` (redis-meetings.ts): every
 * process's admission reads the room's lock and bans; a lock holds on every process; a host's
 * `remove` reaches the process that holds the peer, `end` every process of the room; hosts on any
 * process see every knock and their answers reach the process holding it; `--hosts first` makes
 * one first host per room. With one process (no Redis), nothing here is shared and the meeting
 * layer keeps all of it.
 */
import type { Entry } from './join-entry.js';
import { type KnockAnswer, MeetingLayer } from './meeting.js';
import type { Knock as KnockInfo } from '../src/core/protocol.js';
import type { Knock } from './meeting-room.js';
import type { MeetingNote, SharedAdmission, SharedKnock } from './rooms.js';
import type { Session } from './session.js';

/** The meetings of a signaling server whose rooms span processes (see the file's top). */
export abstract class MeetingClusterLayer extends MeetingLayer {
  /**
   * What the processes of the room share (Redis): whether it is locked (this process's copy is
   * brought up to date) and whether the join's token is banned. Undefined when it could not be
   * read: the join was refused, to be tried again, as when Redis cannot take the join itself.
   */
  protected async sharedAdmission(entry: Entry): Promise<{ banned: boolean; firstFree?: boolean } | undefined> {
    const shared = this.directory.meetings?.();
    if (!shared) return { banned: false };
    const { connection, room } = entry;
    let read: SharedAdmission;
    try {
      read = await shared.admission(room, entry.tokenHash);
    } catch (error) {
      this.logger.warn("join refused: the room's meeting state could not be read", { error, room });
      this.refuse(connection, 'rate-limited', 'the server could not join the room now; try again', 'join');
      return undefined;
    }
    if (connection.closed) return undefined;
    if (read.locked || read.first !== undefined || this.meetings.has(room)) {
      const meeting = this.meeting(room);
      meeting.locked = read.locked;
      meeting.firstHost = read.first;
    }
    return { banned: read.banned, firstFree: read.first === undefined };
  }

  /**
   * A newcomer's welcome: its meeting state has the hands already up; a host sees the knocks of
   * every process; with `--hosts first`, a 1.2 newcomer takes the room's first host if it has none.
   */
  protected override welcomed(session: Session): void {
    // The room's state made by the admission, before this process had the room's members: the
    // hands already up, in member order (as for any meeting state made here).
    const meeting = this.meetings.get(session.room);
    if (meeting?.hands.length === 0)
      for (const peer of this.directory.members(session.room))
        if (peer.state.hand === true) meeting.hands.push(peer.id);
    super.welcomed(session);
    if (session.host) void this.refreshKnocks(session.room);
    if (this.options.hosts !== 'first' || session.host || session.media === undefined) return;
    if (this.directory.meetings && this.hostsOf(session.room).length === 0) void this.claimHost(session);
  }

  /** Makes `session` the room's first host if the room has none (or `from`, leaving, passes it on). */
  private async claimHost(session: Session, from?: Session): Promise<void> {
    const room = session.room;
    let first: string | undefined;
    try {
      first = await this.directory.meetings?.().claimHost(room, session.id, from?.id);
    } catch (error) {
      this.logger.warn('the first host could not be taken (redis)', { error, room });
    }
    if (session.state !== 'active') return;
    if (first !== session.id) {
      // Another's, perhaps told before this process had members in the room to hear it.
      if (first === undefined || this.meeting(room).firstHost === first) return;
      this.meeting(room).firstHost = first;
      return this.tell(room);
    }
    session.host = true;
    this.meeting(room).firstHost = session.id;
    this.logger.info(from ? 'host passed on' : 'first host of the room', { room, peer: session.id });
    this.tell(room);
  }

  /** The leaving first host passes it to `next` here, or, with nobody here, to the room's other processes. */
  protected override passHost(from: Session, next: Session | undefined): void {
    const shared = this.directory.meetings?.();
    if (!shared) return super.passHost(from, next);
    if (next) return void this.claimHost(next, from);
    shared
      .claimHost(from.room, undefined, from.id)
      .catch((error: unknown) => this.logger.warn('the first host could not be passed on (redis)', { error }));
  }

  /** Asks the process that holds member `to` to remove it (Redis); refused when that cannot be done now. */
  protected async removeElsewhere(host: Session, to: string): Promise<void> {
    try {
      if (await this.directory.meetings?.().remove(host.room, to, host.id)) return;
    } catch (error) {
      this.logger.warn('remove did not reach the process holding the peer', { error, room: host.room });
    }
    if (host.connection) this.refuse(host.connection, 'unknown-peer', 'could not remove that peer now', 'host');
  }

  /** Locks or unlocks the room on every process (Redis): its members here are told once it holds. */
  protected async shareLock(host: Session, locked: boolean): Promise<void> {
    const room = host.room;
    try {
      await this.directory.meetings?.().lock(room, locked);
    } catch (error) {
      this.logger.warn('lock not changed: the shared meeting state is unreachable', { error, room });
      if (host.connection)
        this.refuse(host.connection, 'rate-limited', 'could not change the lock now; try again', 'host');
      return;
    }
    if (!this.localRooms.has(room)) return;
    this.meeting(room).locked = locked;
    this.tell(room);
  }

  /** Shares the knocks that came here or went (Redis); the hosts here then see the room's knocks again. */
  protected shareKnocks(room: string, added: Knock[], gone: Knock[]): void {
    const shared = this.directory.meetings?.();
    if (!shared || (added.length === 0 && gone.length === 0)) return;
    const meeting = this.meetings.get(room);
    for (const knock of gone) meeting?.goneKnocks.add(knock.id);
    Promise.all([
      ...added.map((knock) => shared.knock(room, knock.id, knock.entry.name)),
      ...gone.map((knock) => shared.knock(room, knock.id, undefined)),
    ]).then(
      () => this.refreshKnocks(room),
      (error: unknown) => this.logger.warn('the waiting room is not shared with the other processes', { error, room }),
    );
  }

  /** Reads the knocks of the room on every process again, for the hosts here. */
  private async refreshKnocks(room: string): Promise<void> {
    const shared = this.directory.meetings?.();
    if (!shared || this.hostsOf(room).length === 0) return;
    let knocks: SharedKnock[];
    try {
      knocks = await shared.knocks(room);
    } catch (error) {
      this.logger.warn('the waiting room could not be read', { error, room });
      return;
    }
    const meeting = this.meetings.get(room);
    if (!meeting || this.hostsOf(room).length === 0) return;
    meeting.sharedKnocks = knocks;
    meeting.goneKnocks.clear();
    this.tell(room);
  }

  /** The knocks hosts see: the room's on every process (Redis), as last read, with this process's as they are. */
  protected knocksFor(room: string): KnockInfo[] {
    const meeting = this.meetings.get(room);
    if (!meeting) return [];
    const local = meeting.knockList();
    if (!this.directory.meetings || meeting.sharedKnocks === undefined) return local;
    const knocks = meeting.sharedKnocks
      .filter((knock) => !meeting.goneKnocks.has(knock.id))
      .map(({ id, name }) => ({ id, name }));
    for (const knock of local) if (!knocks.some((k) => k.id === knock.id)) knocks.push(knock);
    return knocks;
  }

  /** Sends a host's answer to the processes that hold the knock (`to`), or every knock. */
  protected answerElsewhere(host: Session, action: KnockAnswer, to: string | undefined): string | undefined {
    const shared = this.directory.meetings?.();
    const known = this.meetings.get(host.room)?.sharedKnocks ?? [];
    const nodes = new Set(known.filter((knock) => to === undefined || knock.id === to).map((knock) => knock.node));
    if (to !== undefined && (!shared || nodes.size === 0)) return 'no such knock';
    for (const node of nodes) {
      shared
        ?.answer(host.room, node, to === undefined ? { a: action } : { a: action, id: to })
        .catch((error: unknown) => this.logger.warn('the answer did not reach the knock', { error, room: host.room }));
    }
    return undefined;
  }

  /** Another process's note about a room's meeting (Redis): the lock changed; remove a peer held here; the end. */
  protected override meetingNote(room: string, note: MeetingNote): void {
    if (note.a === 'lock') {
      if (!this.localRooms.has(room) || this.meeting(room).locked === note.locked) return;
      this.meeting(room).locked = note.locked;
      this.tell(room);
    } else if (note.a === 'remove') {
      const target = this.sessions.get(note.id);
      if (target?.room === room && target.state !== 'removed') {
        this.logger.info('host action from another process', { room, by: note.by, action: 'remove', to: note.id });
        void this.removeByHost(target, note.by);
      }
    } else if (note.a === 'end') {
      this.logger.info('call ended by a host on another process', { room, by: note.by });
      this.endHere(room);
    } else if (note.a === 'knocks') {
      void this.refreshKnocks(room);
    } else if (note.a !== 'host' && note.a !== 'vacant') {
      this.logger.info('host action from another process', { room, action: note.a, to: note.id });
      this.answer(room, note.a, note.id);
      this.tidy(room);
    } else if (this.localRooms.has(room)) {
      // The first host (`--hosts first`) is another's now, or nobody's: the longest-present here tries to take it.
      this.meeting(room).firstHost = note.a === 'host' ? note.id : undefined;
      this.tell(room);
      const next = this.localRooms.get(room)?.find((s) => s.state === 'active' && s.media !== undefined);
      if (note.a === 'vacant' && next && this.hostsOf(room).length === 0) void this.claimHost(next);
    }
  }
}

/**
 * Sessions: joining a room (with auth), resuming a session within the grace period (here, or
 * from another process through Redis), the welcome, the books of which peers this process holds
 * in which room, and what the room directory tells this process (`RoomDirectoryHost`).
 */
import { randomBytes } from 'node:crypto';
import { CLOSE_CODES, type JoinData, type MediaRoute, type ParticipantState } from '../src/core/protocol.js';
import { verifyJoinToken } from './auth.js';
import { CLOSE_REPLACED, type Connection } from './connections.js';
import { MessageLayer, isPlainObject } from './messages.js';
import type { SignalingServerOptions } from './options.js';
import { peerFrame, peersFor } from './participant-state.js';
import { EMPTY_STATE, type MeetingNote, type RoomDirectory, type RoomDirectoryHost, type RoomPeer } from './rooms.js';
import { Session, hashToken, sameHash, type QueuedFrame } from './session.js';
import { iceServersFor } from './turn.js';
import { isDataFrame } from './data-message.js';
import { type Entry, joinRefusal } from './join-entry.js';

export type { Entry } from './join-entry.js';

/** The sessions of a signaling server (a layer of `SignalingServer`). */
export abstract class SessionLayer extends MessageLayer {
  protected readonly sessions = new Map<string, Session>();
  /** The local sessions of each room. Arrays are replaced, never changed (iteration is safe). */
  protected readonly localRooms = new Map<string, Session[]>();
  protected readonly jwtKey: Uint8Array | undefined;

  protected constructor(options: SignalingServerOptions = {}, directory?: RoomDirectory) {
    super(options, directory);
    this.jwtKey = this.options.jwtSecret !== undefined ? new TextEncoder().encode(this.options.jwtSecret) : undefined;
  }

  // Protocol 1.2, the media layer's hooks (media.ts): the route of a session about to be welcomed;
  // whether a peer's media goes through the SFU when its room is on one; after a welcome; after a
  // membership change of a room (on any process); a session left this process (`left`: its room).
  protected async routeFor(session: Session): Promise<MediaRoute | undefined> {
    return session.media === undefined ? undefined : { mode: 'mesh' };
  }
  protected peerOnSfu(_peer: RoomPeer): boolean {
    return false;
  }
  protected welcomed(_session: Session): void {}
  protected roomChanged(_room: string): void {}
  // The meeting layer's (meeting.ts): whether a join may go in now (false: it was refused, or it
  // waits for a host); a peer of `room` (on any process) joined or changed (`peer`) or left; a note
  // from another process about a room's meeting (Redis).
  protected admission(_entry: Entry): Promise<boolean> | boolean {
    return true;
  }
  protected meetingNote(_room: string, _note: MeetingNote): void {}
  protected peerChanged(_room: string, _id: string, _peer: RoomPeer | undefined): void {}
  protected released(_session: Session, _left: boolean): void {}

  protected roomCount(): number {
    return this.localRooms.size;
  }

  protected peerCount(): number {
    return this.sessions.size;
  }

  protected async join(connection: Connection, message: Record<string, unknown>): Promise<void> {
    const data = message.data;
    if (!isPlainObject(data)) return this.refuse(connection, 'bad-message', '`data` must be an object', 'join');
    const { room: roomName, name, token, resume, state, media } = data as unknown as JoinData;
    const refused = joinRefusal(data);
    if (refused) return this.refuse(connection, refused.code, refused.message, 'join');
    // Every session of a room shares one copy of its name (each join message brings its own).
    const room = this.localRooms.get(roomName)?.[0]?.room ?? roomName;
    const initialState: ParticipantState = state ?? EMPTY_STATE;
    if (connection.session) return this.refuse(connection, 'already-joined', 'already in a room; leave first', 'join');
    let displayName = name ?? '';
    let fixedName: string | undefined;
    let claims: { host?: true; wait?: true } = {};
    if (this.jwtKey) {
      const check = await verifyJoinToken(token, room, this.jwtKey);
      if (connection.closed) return;
      if (!check.ok) {
        this.logger.info('join refused: unauthorized', {
          room,
          reason: check.reason,
          remote: connection.remoteAddress(),
        });
        this.refuse(connection, 'unauthorized', check.reason, 'join', true);
        this.closeConnection(connection, CLOSE_CODES.unauthorized, 'unauthorized', 'unauthorized');
        return;
      }
      if (check.name !== undefined) displayName = fixedName = check.name;
      claims = check;
    }
    if (resume !== undefined && (await this.resume(connection, room, resume, fixedName))) return;
    if (connection.closed) return;
    const entry: Entry = {
      connection,
      room,
      name: displayName,
      fixedName,
      state: initialState,
      media,
      host: claims.host === true,
      wait: claims.wait === true,
      tokenHash: this.jwtKey && typeof token === 'string' ? hashToken(token) : undefined,
    };
    if (await this.admission(entry)) await this.enter(entry);
  }

  /** Enters the room: the session, the directory's join, the welcome. */
  protected async enter(entry: Entry): Promise<void> {
    const { connection, room, name: displayName, fixedName, state: initialState, media } = entry;
    if (connection.closed || connection.session) return;
    if (!this.localRooms.has(room) && this.localRooms.size >= this.options.maxRooms) {
      return this.refuse(connection, 'room-full', 'this server has no room for another room', 'join');
    }

    const id = randomBytes(16).toString('base64url');
    const resumeToken = `${id}.${randomBytes(24).toString('base64url')}`;
    const session = new Session(id, room, hashToken(resumeToken), connection);
    session.fixedName = fixedName;
    session.media = media;
    session.host = entry.host;
    session.tokenHash = entry.tokenHash;
    connection.session = session;
    this.sessions.set(id, session);
    this.indexSession(session);
    let outcome: Awaited<ReturnType<RoomDirectory['join']>>;
    try {
      outcome = await this.directory.join(
        room,
        media === undefined
          ? { id, name: displayName, state: initialState }
          : { id, name: displayName, state: initialState, media },
        this.options.maxPeersPerRoom,
        session.resumeHash,
      );
    } catch (error) {
      this.logger.error('join failed', { error, room });
      this.forgetSession(session);
      if (connection.session === session) connection.session = null;
      return this.refuse(connection, 'rate-limited', 'the server could not join the room now; try again', 'join');
    }
    if (!outcome.ok) {
      this.forgetSession(session);
      if (connection.session === session) connection.session = null;
      return this.refuse(connection, outcome.code, outcome.message, 'join');
    }
    // While it is still joining: what the room says meanwhile waits for the welcome.
    const route = await this.routeFor(session);
    if (connection.closed || session.connection !== connection || this.state !== 'running') {
      // The socket went away while joining: the peer leaves at once.
      session.state = 'active';
      await this.removeSession(session);
      return;
    }
    session.state = 'active';
    session.seq = outcome.seq;
    this.metrics.joins.inc();
    this.logger.debug('joined', { peer: id, room, peers: outcome.peers.length });
    this.welcome(session, connection, outcome.peers, resumeToken, route);
  }

  /**
   * Resumes the session of `token` on `connection`, with its name and state; false when the token
   * does not resume anything here. `fixedName`: the name the resuming join's token gives, if any.
   */
  protected async resume(
    connection: Connection,
    room: string,
    token: string,
    fixedName: string | undefined,
  ): Promise<boolean> {
    const dot = token.indexOf('.');
    if (dot <= 0) return false;
    const id = token.slice(0, dot);
    const hash = hashToken(token);
    const newToken = `${id}.${randomBytes(24).toString('base64url')}`;
    const newHash = hashToken(newToken);
    const local = this.sessions.get(id);
    if (local) {
      if (local.room !== room || local.state !== 'active' || !sameHash(local.resumeHash, hash)) return false;
      const previous = local.connection;
      clearTimeout(local.graceTimer);
      local.graceTimer = undefined;
      local.resumeHash = newHash;
      local.fixedName = fixedName;
      local.connection = connection;
      connection.session = local;
      if (previous && previous !== connection) {
        previous.session = null;
        this.closeConnection(previous, CLOSE_REPLACED, 'replaced', 'session resumed on another connection');
      }
      this.directory
        .setResumeHash(room, id, newHash)
        .catch((error: unknown) => this.logger.warn('could not store the resume token', { error }));
      this.metrics.resumes.inc();
      this.logger.debug('resumed', { peer: id, room });
      // Its route as it was (its token kept); a room that moved meanwhile tells it after the welcome.
      this.welcome(local, connection, this.directory.members(room), newToken, this.currentRoute(local));
      return true;
    }
    // Perhaps another process holds it (Redis). Register it first, as joining: what the old
    // process forwards, and room events, may arrive before the claim's reply; they are queued.
    const session = new Session(id, room, newHash, connection);
    session.fixedName = fixedName;
    this.sessions.set(id, session);
    this.indexSession(session);
    let claimed: Awaited<ReturnType<RoomDirectory['claim']>>;
    try {
      claimed = await this.directory.claim(room, id, hash, newHash);
    } catch (error) {
      this.logger.warn('resume claim failed', { error });
      claimed = { ok: false } as const;
    }
    if (!claimed.ok) {
      this.forgetSession(session);
      return false;
    }
    session.seq = claimed.seq;
    session.media = claimed.peer.media;
    const route = await this.routeFor(session);
    session.state = 'active';
    if (connection.closed || this.state !== 'running') {
      await this.removeSession(session);
      return true;
    }
    connection.session = session;
    this.metrics.resumes.inc();
    this.logger.debug('resumed from another process', { peer: id, room });
    this.welcome(session, connection, claimed.peers, newToken, route);
    return true;
  }

  /** The route a session has now, without waiting (a resume here): the media layer's. */
  protected currentRoute(session: Session): MediaRoute | undefined {
    return session.media === undefined ? undefined : { mode: 'mesh' };
  }

  protected welcome(
    session: Session,
    connection: Connection,
    members: RoomPeer[],
    resumeToken: string,
    route: MediaRoute | undefined,
  ): void {
    // A 1.1 client gets exactly the 1.1 welcome: no `media`, no `sfu`.
    const v12 = session.media !== undefined;
    const peers = peersFor(members, session.id, v12 ? (peer) => this.peerOnSfu(peer) : undefined);
    this.sendMessage(connection, {
      type: 'welcome',
      data: {
        id: session.id,
        room: session.room,
        peers,
        iceServers: iceServersFor(this.options, session.id),
        resume: resumeToken,
        ...(v12 && route ? { media: route } : {}),
      },
    });
    this.welcomed(session);
    const queued = session.queue;
    if (queued === null) return;
    session.queue = null;
    for (const item of queued) {
      if (item.seq !== undefined && session.seq !== undefined && item.seq <= session.seq) continue;
      this.send(connection, item.frame);
    }
  }

  protected indexSession(session: Session): void {
    const members = this.localRooms.get(session.room);
    this.localRooms.set(session.room, members ? [...members, session] : [session]);
  }

  /** Drops a session from this process's books, without telling the directory. */
  protected forgetSession(session: Session, left = false): void {
    const wasHeld = session.state !== 'removed';
    session.state = 'removed';
    clearTimeout(session.graceTimer);
    session.graceTimer = undefined;
    session.queue = null;
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    const members = this.localRooms.get(session.room);
    if (members?.includes(session)) {
      if (members.length === 1) this.localRooms.delete(session.room);
      else
        this.localRooms.set(
          session.room,
          members.filter((member) => member !== session),
        );
    }
    if (wasHeld) this.released(session, left);
  }

  /** Removes a peer from its room: the room sees `peer-left`. */
  protected async removeSession(session: Session): Promise<void> {
    if (session.state === 'removed') return;
    this.forgetSession(session, true);
    if (session.connection?.session === session) session.connection.session = null;
    session.connection = null;
    try {
      await this.directory.leave(session.room, session.id);
    } catch (error) {
      this.logger.error('leave failed', { error, peer: session.id });
    }
  }

  protected enqueue(session: Session, item: QueuedFrame): void {
    session.queue ??= [];
    const queue = session.queue;
    queue.push(item);
    if (queue.length > this.options.resumeQueueMax) queue.shift();
  }

  /** The directory's view of this process. */
  protected readonly host: RoomDirectoryHost = {
    peerJoined: (room, peer, seq) => {
      this.roomChanged(room);
      this.peerChanged(room, peer.id, peer);
      const members = this.localRooms.get(room);
      if (!members) return;
      const frame = peerFrame('peer-joined', peer);
      this.announce(members, peer.id, seq, frame, this.peerOnSfu(peer) ? peerFrame('peer-joined', peer, true) : frame);
    },
    peerUpdated: (room, peer, seq) => {
      this.peerChanged(room, peer.id, peer);
      const members = this.localRooms.get(room);
      if (!members) return;
      this.announce(members, peer.id, seq, peerFrame('peer-updated', peer));
    },
    peerLeft: (room, id, seq) => {
      this.peerChanged(room, id, undefined);
      const members = this.localRooms.get(room);
      if (!members) return;
      this.announce(members, id, seq, JSON.stringify({ type: 'peer-left', from: id }));
    },
    deliver: (to, frame) => {
      const session = this.sessions.get(to);
      if (!session || session.state === 'removed') return;
      // Application data (1.2) never reaches a 1.1 client (the sender checked; this is the backstop).
      if (session.media === undefined && isDataFrame(frame)) return;
      if (session.state === 'active' && session.connection) this.send(session.connection, frame);
      else this.enqueue(session, { frame });
    },
    lost: (id) => {
      const session = this.sessions.get(id);
      if (!session || session.state === 'removed') return;
      this.logger.warn('peer removed by the cluster while held here (presumed dead): it must join again', {
        peer: id,
      });
      const connection = session.connection;
      if (connection) {
        this.closeConnection(
          connection,
          CLOSE_CODES.serviceRestart,
          'presumed-dead',
          'removed by the cluster; join again',
        );
      } else {
        void this.removeSession(session);
      }
    },
    meeting: (room, note) => this.meetingNote(room, note),
    movedAway: (id) => {
      const session = this.sessions.get(id);
      if (!session || session.state === 'removed') return undefined;
      const connection = session.connection;
      const queued = (session.queue ?? []).filter((item) => item.seq === undefined).map((item) => item.frame);
      this.forgetSession(session);
      if (connection) {
        connection.session = null;
        this.closeConnection(connection, CLOSE_REPLACED, 'replaced', 'session resumed on another connection');
      }
      this.logger.debug('peer resumed on another process', { peer: id });
      return queued;
    },
  };

  /** Tells `members` of a membership event; `frame12`: the frame for 1.2 clients, when it differs. */
  protected announce(
    members: readonly Session[],
    subject: string,
    seq: number,
    frame11: string,
    frame12 = frame11,
  ): void {
    for (const session of members) {
      if (session.id === subject) continue;
      const frame = session.media === undefined ? frame11 : frame12;
      if (session.state === 'joining') {
        this.enqueue(session, { frame, seq });
      } else if (session.state === 'active' && session.connection && (session.seq === undefined || seq > session.seq)) {
        this.send(session.connection, frame);
      }
      // A dropped peer gets no membership events: its resume welcome lists the current peers.
    }
  }
}

/**
 * The server's side of the SFU mode (protocol 1.2): when a room goes to Janus, making its
 * VideoRoom there (with the settings the kit needs), admitting each participant with a token of
 * its own (VideoRoom `allowed`), telling the room's clients their routes, making the rooms again
 * after a Janus restart, and destroying a room's VideoRoom once the room has been empty for a while.
 *
 * Every process decides for itself from the membership it sees (the same events, in the same
 * order, on every process), and tells its own clients; the placement of a room (which Janus,
 * which number) is shared (`PlacementStore`: Redis in a cluster), so they all agree.
 */
import { randomBytes } from 'node:crypto';
import type { MediaRoute, SfuRoute } from '../../src/core/protocol.js';
import type { Logger } from '../logger.js';
import type { RoomPeer } from '../rooms.js';
import type { Session } from '../session.js';
import { JanusAdmin, JanusError } from './client.js';
import { type Placement, type PlacementStore, rendezvous, videoRoomNumber } from './placement.js';

/** Each publisher's bitrate cap: room for three simulcast layers of VP8 (about 150 + 500 + 1,700 kb/s). */
export const PUBLISHER_BITRATE = 2_500_000;

/** VideoRoom "already exists": another process (or an earlier try) made it. */
const ALREADY_EXISTS = 427;
/** VideoRoom "no such room". */
const NO_SUCH_ROOM = 426;

export interface SfuOptions {
  /** Janus WebSocket API URLs the server talks to. */
  janus: readonly string[];
  /** The same servers as clients reach them (same order); default `janus`. */
  janusPublic: readonly string[];
  /** The VideoRoom `admin_key` (needed to create rooms). */
  adminKey?: string;
  /** Janus's `api_secret`, if it has one. */
  apiSecret?: string;
  /** A room goes to the SFU when more than this many of its members joined with media auto or sfu. */
  sfuAbove: number;
  /** How long a room's VideoRoom outlives the room's last member, in milliseconds. */
  idleMs: number;
  /** The VideoRoom's publisher limit: the server's room size limit. */
  publishers: number;
}

/** What the SFU layer needs of the server. */
export interface SfuHost {
  /** This process's sessions of `room` (active, joining or dropped). */
  localSessions(room: string): readonly Session[];
  /** The room's members as this process sees them. */
  members(room: string): RoomPeer[];
  /** Sends a `media` message to a session whose connection is up. */
  sendRoute(session: Session, route: MediaRoute): void;
}

/**
 * The media settings of every VideoRoom the server makes (the bench's floor makes its rooms with
 * them too): a bitrate cap for three simulcast layers, VP8 (the codec simulcast works best with),
 * Opus, a keyframe every 10 s, audio levels for talking events; and `require_pvtid`: subscribers
 * must name a publisher's private_id, so without a token there is no subscription either.
 */
export const VIDEOROOM_MEDIA = {
  require_pvtid: true,
  permanent: false,
  bitrate: PUBLISHER_BITRATE,
  bitrate_cap: true,
  fir_freq: 10,
  videocodec: 'vp8',
  audiocodec: 'opus',
  audiolevel_ext: true,
  audiolevel_event: true,
  audio_active_packets: 50,
  audio_level_average: 40,
} as const;

/** True for a member or session whose media goes through the SFU when the room is on one. */
export function onSfu(media: string | undefined): boolean {
  return media === 'auto' || media === 'sfu';
}

/** The SFU rooms of one server process. */
export class SfuRooms {
  readonly servers: JanusAdmin[];
  /** Placements this process knows of (rooms it has members in that are on the SFU). */
  private readonly known = new Map<string, Placement>();
  /** Rooms being moved or made: the one promise each. */
  private readonly making = new Map<string, Promise<Placement | undefined>>();
  /** VideoRooms made on each Janus's current run (cleared when it goes down). */
  private readonly made = new Set<string>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly options: SfuOptions,
    private readonly host: SfuHost,
    private store: PlacementStore,
    private readonly logger: Logger,
  ) {
    this.servers = options.janus.map((url) => new JanusAdmin(url, logger, options.apiSecret));
    for (const server of this.servers) {
      server.on('up', ({ again }: { again: boolean }) => void this.serverUp(server, again));
      server.on('down', () => {
        for (const key of this.made) if (key.startsWith(`${server.url} `)) this.made.delete(key);
      });
    }
  }

  /** Connects to the Janus servers; `store` replaces the placements (a directory that shares them). */
  start(store?: PlacementStore): void {
    if (store) this.store = store;
    for (const server of this.servers) server.start();
  }

  close(): void {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const server of this.servers) server.close();
  }

  /** Rooms this process knows to be on the SFU. */
  get roomCount(): number {
    return this.known.size;
  }

  /** Each Janus and whether it is up. */
  status(): Array<{ url: string; up: boolean }> {
    return this.servers.map((server) => ({ url: server.url, up: server.up }));
  }

  /** True when `members` call for the SFU: more than `sfuAbove` on it, or one that asked for it. */
  needsSfu(members: readonly RoomPeer[]): boolean {
    let count = 0;
    for (const member of members) {
      if (member.media === 'sfu') return true;
      if (onSfu(member.media)) count += 1;
    }
    return count > this.options.sfuAbove;
  }

  /**
   * The route for a session about to be welcomed (a join or a resume): the SFU's when its room
   * is on it (or must go now), else the mesh. Never throws: a failure is logged and means mesh.
   */
  async routeFor(session: Session): Promise<MediaRoute> {
    if (!onSfu(session.media)) return { mode: 'mesh' };
    clearTimeout(this.idleTimers.get(session.room));
    this.idleTimers.delete(session.room);
    try {
      let placement = this.known.get(session.room) ?? (await this.store.get(session.room));
      if (!placement && this.needsSfu(this.host.members(session.room))) placement = await this.move(session.room);
      if (!placement) return { mode: 'mesh' };
      this.known.set(session.room, placement);
      await this.ensureMade(session.room, placement);
      return await this.admit(session, placement);
    } catch (error) {
      this.logger.warn('sfu route failed: the peer stays on the mesh', { room: session.room, error });
      return { mode: 'mesh' };
    }
  }

  /**
   * After a membership change of `room` (on any process): when the room now calls for the SFU,
   * move it and tell this process's clients their routes.
   */
  async changed(room: string): Promise<void> {
    if (this.known.has(room) || this.making.has(room)) return;
    if (!this.needsSfu(this.host.members(room))) return;
    try {
      const placement = await this.move(room);
      if (placement) await this.tellRoom(room, placement);
    } catch (error) {
      this.logger.warn('moving a room to the sfu failed', { room, error });
    }
  }

  /** The route `session` has now (its token kept), without asking anyone: for a resume here. */
  currentRoute(session: Session): MediaRoute {
    const placement = this.known.get(session.room);
    if (!placement || session.sfuToken === undefined) return { mode: 'mesh' };
    return this.route(placement, session.sfuToken);
  }

  private route(placement: Placement, token: string): SfuRoute {
    const index = this.options.janus.indexOf(placement.url);
    const url = this.options.janusPublic[index] ?? placement.url;
    return { mode: 'sfu', sfu: 'janus', url, room: placement.room, token };
  }

  /** After a session's welcome: a room that moved while it joined still owes it its route. */
  async settle(session: Session): Promise<void> {
    const placement = this.known.get(session.room);
    if (!placement || session.sfuToken !== undefined || !onSfu(session.media)) return;
    try {
      this.host.sendRoute(session, await this.admit(session, placement));
    } catch (error) {
      this.logger.warn('sfu route failed', { room: session.room, error });
    }
  }

  /**
   * A host removed `session` (or ended the call): its Janus participants (published under its id,
   * the `display`) are kicked, so its media stops at once whatever its client does.
   */
  eject(session: Session): void {
    const placement = this.known.get(session.room);
    const server = placement && session.sfuToken !== undefined ? this.serverOf(placement) : undefined;
    if (!placement || !server) return;
    (async () => {
      const list = await server.videoroom({ request: 'listparticipants', room: placement.room });
      const participants = (list.participants ?? []) as Array<{ id?: unknown; display?: unknown }>;
      for (const participant of participants) {
        if (participant.display !== session.id) continue;
        await server.videoroom({ request: 'kick', room: placement.room, secret: placement.secret, id: participant.id });
      }
    })().catch((error: unknown) => this.logger.debug('could not kick a removed participant', { error }));
  }

  /** A session is gone from this process: its token leaves the access list; an empty room idles. */
  released(session: Session, left: boolean): void {
    const placement = this.known.get(session.room);
    const token = session.sfuToken;
    session.sfuToken = undefined;
    if (!placement) return;
    if (token !== undefined) {
      this.serverOf(placement)
        ?.videoroom({
          request: 'allowed',
          room: placement.room,
          secret: placement.secret,
          action: 'remove',
          allowed: [token],
        })
        .catch((error: unknown) => this.logger.debug('could not remove a token', { error }));
    }
    if (left && this.host.localSessions(session.room).length === 0) this.idle(session.room, placement);
  }

  /** Moves `room` to the SFU: its placement (claimed, or the one there is) and its VideoRoom. */
  private move(room: string): Promise<Placement | undefined> {
    let making = this.making.get(room);
    if (making) return making;
    making = (async () => {
      const up = this.servers.filter((server) => server.up).map((server) => server.url);
      const url = rendezvous(room, up);
      if (url === undefined) {
        this.logger.warn('no janus is up: the room stays on the mesh', { room });
        return undefined;
      }
      const proposal = { url, room: videoRoomNumber(room), secret: randomBytes(18).toString('base64url') };
      const placement = await this.store.claim(room, proposal);
      this.known.set(room, placement);
      await this.ensureMade(room, placement);
      this.logger.info('room on the sfu', { room, janus: placement.url, videoroom: placement.room });
      return placement;
    })();
    this.making.set(room, making);
    making.finally(() => this.making.delete(room)).catch(() => undefined);
    return making;
  }

  private serverOf(placement: Placement): JanusAdmin | undefined {
    return this.servers.find((server) => server.url === placement.url);
  }

  /** Makes the VideoRoom on its Janus unless it was made on this run of that Janus. */
  private async ensureMade(room: string, placement: Placement): Promise<void> {
    const key = `${placement.url} ${placement.room}`;
    if (this.made.has(key)) return;
    const server = this.serverOf(placement);
    if (!server) throw new Error(`janus ${placement.url} is not one of this server's`);
    try {
      await server.videoroom({
        request: 'create',
        admin_key: this.options.adminKey,
        room: placement.room,
        description: room,
        secret: placement.secret,
        is_private: true,
        // The access list: only tokens the server adds may publish (and so hold a private_id).
        allowed: [],
        publishers: this.options.publishers,
        ...VIDEOROOM_MEDIA,
      });
    } catch (error) {
      if (!(error instanceof JanusError && error.code === ALREADY_EXISTS)) throw error;
    }
    this.made.add(key);
  }

  /** Gives `session` a token in the room's access list; its route. */
  private async admit(session: Session, placement: Placement): Promise<SfuRoute> {
    const token = session.sfuToken ?? randomBytes(18).toString('base64url');
    const server = this.serverOf(placement);
    if (!server) throw new Error(`janus ${placement.url} is not one of this server's`);
    await server.videoroom({
      request: 'allowed',
      room: placement.room,
      secret: placement.secret,
      action: 'add',
      allowed: [token],
    });
    session.sfuToken = token;
    return this.route(placement, token);
  }

  /** Tells every active session of `room` on this process that follows routes its route. */
  private async tellRoom(room: string, placement: Placement): Promise<void> {
    for (const session of this.host.localSessions(room)) {
      if (!onSfu(session.media) || session.state === 'removed') continue;
      // A session still joining gets its route in its welcome (or from `settle`).
      if (session.state === 'joining') continue;
      try {
        const route = await this.admit(session, placement);
        if (session.state === 'active') this.host.sendRoute(session, route);
      } catch (error) {
        this.logger.warn('sfu route failed', { room, peer: session.id, error });
      }
    }
  }

  /** A Janus came up: after a restart, its rooms are made again; rooms that waited for one move. */
  private async serverUp(server: JanusAdmin, again: boolean): Promise<void> {
    if (again) {
      for (const [room, placement] of this.known) {
        if (placement.url !== server.url || this.host.localSessions(room).length === 0) continue;
        try {
          await this.ensureMade(room, placement);
          this.logger.info('room made again after a janus restart', { room, janus: server.url });
          await this.tellRoom(room, placement);
        } catch (error) {
          this.logger.warn('could not make a room again', { room, error });
        }
      }
    }
    for (const room of [...this.rooms]) {
      if (this.known.has(room)) continue;
      if (this.host.localSessions(room).length === 0) this.rooms.delete(room);
      else await this.changed(room);
    }
  }

  /** Every room this process has had sessions in since it last idled (see `track`). */
  private readonly rooms = new Set<string>();

  /** Notes that this process has sessions in `room` (for rooms that wait for a Janus). */
  track(room: string): void {
    this.rooms.add(room);
  }

  /** The room emptied here: after `idleMs`, if it is empty everywhere, its VideoRoom goes. */
  private idle(room: string, placement: Placement): void {
    clearTimeout(this.idleTimers.get(room));
    const timer = setTimeout(() => void this.destroyIfEmpty(room, placement), this.options.idleMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  private async destroyIfEmpty(room: string, placement: Placement): Promise<void> {
    this.idleTimers.delete(room);
    if (this.host.localSessions(room).length > 0) return;
    this.known.delete(room);
    this.rooms.delete(room);
    try {
      if ((await this.store.members(room)) > 0) return;
      await this.store.drop(room, placement);
      await this.serverOf(placement)?.videoroom({ request: 'destroy', room: placement.room, secret: placement.secret });
      this.made.delete(`${placement.url} ${placement.room}`);
      this.logger.info('idle sfu room destroyed', { room, janus: placement.url });
    } catch (error) {
      if (error instanceof JanusError && error.code === NO_SUCH_ROOM) return;
      this.logger.warn('could not destroy an idle sfu room', { room, error });
    }
  }
}

/**
 * Media routes (protocol 1.2), a layer of `SignalingServer`: with `janus` set, the SFU rooms
 * (`janus/sfu.ts`) decide each session's route; without it, every 1.2 client is told `mesh`.
 */
import type { MediaRoute } from '../src/core/protocol.js';
import type { Connection } from './connections.js';
import { MemoryPlacements } from './janus/placement.js';
import { SfuRooms, onSfu } from './janus/sfu.js';
import type { SignalingServerOptions } from './options.js';
import type { RoomDirectory, RoomPeer } from './rooms.js';
import type { Session } from './session.js';
import { SessionLayer } from './sessions.js';

const NO_SESSIONS: readonly Session[] = [];

/** The media routes of a signaling server (see the file's top). */
export abstract class MediaLayer extends SessionLayer {
  /** The SFU rooms, when the server has Janus servers. */
  protected readonly sfu: SfuRooms | undefined;

  protected constructor(options: SignalingServerOptions = {}, directory?: RoomDirectory) {
    super(options, directory);
    const o = this.options;
    this.sfu =
      o.janus.length === 0
        ? undefined
        : new SfuRooms(
            {
              janus: o.janus,
              janusPublic: o.janusPublic.length > 0 ? o.janusPublic : o.janus,
              adminKey: o.janusAdminKey,
              apiSecret: o.janusSecret,
              sfuAbove: o.sfuAbove,
              idleMs: o.sfuIdleMs,
              publishers: o.maxPeersPerRoom,
            },
            {
              localSessions: (room) => this.localRooms.get(room) ?? NO_SESSIONS,
              members: (room) => this.directory.members(room),
              sendRoute: (session, route) => {
                if (session.connection)
                  this.sendMessage(session.connection as Connection, { type: 'media', data: route });
              },
            },
            new MemoryPlacements((room) => this.directory.members(room).length),
            this.logger,
          );
  }

  /** Connects to the Janus servers (after the directory started: it may share placements). */
  protected startSfu(): void {
    this.sfu?.start(this.directory.placements?.());
  }

  protected override async routeFor(session: Session): Promise<MediaRoute | undefined> {
    if (session.media === undefined) return undefined;
    if (!this.sfu) return { mode: 'mesh' };
    this.sfu.track(session.room);
    return this.sfu.routeFor(session);
  }

  protected override currentRoute(session: Session): MediaRoute | undefined {
    if (session.media === undefined) return undefined;
    return this.sfu?.currentRoute(session) ?? { mode: 'mesh' };
  }

  protected override peerOnSfu(peer: RoomPeer): boolean {
    return this.sfu !== undefined && onSfu(peer.media);
  }

  protected override welcomed(session: Session): void {
    if (this.sfu) void this.sfu.settle(session);
  }

  protected override roomChanged(room: string): void {
    if (this.sfu) void this.sfu.changed(room);
  }

  protected override sfuCounts(): { up: number; rooms: number } {
    if (!this.sfu) return { up: 0, rooms: 0 };
    return { up: this.sfu.servers.filter((server) => server.up).length, rooms: this.sfu.roomCount };
  }

  protected override released(session: Session, left: boolean): void {
    this.sfu?.released(session, left);
  }
}

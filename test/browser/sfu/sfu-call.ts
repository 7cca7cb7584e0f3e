/**
 * Two pages' worth of rooms through the test's Janus, with a handle on each room's transport
 * (to say how large a tile is shown, as the room's tiles do), and what one receives of the other
 * read from its statistics.
 */
import type { Participant, RoomTransport, TransportContext } from '../../../src/core/index.js';
import { Room } from '../../../src/core/index.js';
import { eventually, uniqueRoom } from '../helpers.js';
import { janusRoom, routeOf } from './sfu-rooms.js';

export interface SfuCall {
  rooms: Room[];
  transports: RoomTransport[];
  /** `viewer`'s participant for `sender` (indexes into `rooms`). */
  seen(viewer: number, sender: number): Participant;
  leave(): void;
}

/** `count` rooms through one Janus room, joined one after the other, everyone seeing everyone. */
export async function sfuCall(count = 2): Promise<SfuCall> {
  const { janusTransportFor } = await import('../../../src/core/transport/janus/index.js');
  const made = await janusRoom(count);
  const room = uniqueRoom('sfu');
  const rooms: Room[] = [];
  const transports: RoomTransport[] = [];
  for (let n = 0; n < count; n++) {
    const factory = janusTransportFor(routeOf(made, n));
    const session = new Room({
      room,
      name: `P${n}`,
      mode: 'sfu',
      transport: (context: TransportContext) => {
        const transport = factory(context);
        transports[n] = transport;
        return transport;
      },
    });
    rooms.push(session);
    await session.join();
  }
  const seen = (viewer: number, sender: number) => rooms[viewer]!.remote.get(rooms[sender]!.local!.id)!;
  await eventually(() => rooms.every((r) => r.remote.size === count - 1), 'not everyone sees everyone');
  return {
    rooms,
    transports,
    seen,
    leave: () => {
      for (const r of rooms) r.leave();
    },
  };
}

/** The received camera of `participant` as its statistics say: frames decoded and their height. */
export async function receivedVideo(participant: Participant): Promise<{ frames: number; height: number }> {
  let frames = 0;
  let height = 0;
  (await participant.getStats())?.forEach((report) => {
    if (report.type !== 'inbound-rtp' || report.kind !== 'video') return;
    frames += report.framesDecoded ?? 0;
    height = Math.max(height, report.frameHeight ?? 0);
  });
  return { frames, height };
}

/** The height of the top layer `room` sends of its camera now (0: none sent yet). */
export async function sentTop(room: Room): Promise<number> {
  let height = 0;
  for (const connection of room.connections()) {
    if (connection.direction !== 'send') continue;
    (await connection.getStats()).forEach((report) => {
      if (report.type === 'outbound-rtp' && report.kind === 'video') height = Math.max(height, report.frameHeight ?? 0);
    });
  }
  return height;
}

/** Resolves once `participant`'s received frames rise between two readings (a second apart). */
export async function framesRise(participant: Participant, what: string, timeout = 30_000): Promise<void> {
  let last = -1;
  await eventually(
    async () => {
      const { frames } = await receivedVideo(participant);
      const rising = last >= 0 && frames > last;
      last = frames;
      return rising;
    },
    `${what}: received frames do not rise`,
    { timeout, interval: 1_000 },
  );
}

/** Resolves once `participant`'s received frames stop (no new one in two seconds). */
export async function framesStopRising(participant: Participant, what: string): Promise<void> {
  let last = -1;
  await eventually(
    async () => {
      const { frames } = await receivedVideo(participant);
      const still = last >= 0 && frames === last;
      last = frames;
      return still;
    },
    `${what}: received frames keep rising`,
    { interval: 2_000 },
  );
}

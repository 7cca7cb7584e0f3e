/** Helpers of the browser tests that put <rtc-room> elements in a page. */
import '../../src/components/room/rtc-room.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import type { RtcVideo } from '../../src/components/video/video.js';
import type { TransportFactory } from '../../src/core/transport/transport.js';
import type { MediaRequest } from '../../src/core/media.js';
import { eventually, nextEvent, receivesMedia } from './helpers.js';

/** Every remote participant's peer connection, for each element. */
export function connections(room: RtcRoom): RTCPeerConnection[] {
  return [...(room.session?.remote.values() ?? [])]
    .map((p) => p.peerConnection)
    .filter((pc): pc is RTCPeerConnection => !!pc);
}

/** The `<rtc-video>` of each tile. */
export function videos(room: RtcRoom): RtcVideo[] {
  return tiles(room).map((tile) => tile.shadowRoot!.querySelector('rtc-video')!);
}

export function tiles(room: RtcRoom): HTMLElement[] {
  return [...room.shadowRoot!.querySelectorAll<HTMLElement>('.tile')];
}

export async function addRoom(
  container: HTMLElement,
  name: string,
  label: string,
  server = '',
  transport?: TransportFactory,
  media?: MediaRequest,
): Promise<RtcRoom> {
  const element = document.createElement('rtc-room');
  if (media) element.media = media;
  element.room = name;
  element.name = label;
  element.server = server;
  element.transport = transport;
  const joined = nextEvent(element, 'rtc-joined');
  container.append(element);
  await joined;
  return element;
}

/** Every element shows a tile per participant and decodes video and audio from every other one. */
export async function everyoneSeesEveryone(rooms: RtcRoom[]) {
  await eventually(
    () => rooms.every((r) => tiles(r).length === rooms.length),
    'not every element shows a tile per participant',
  );
  await eventually(
    () =>
      rooms.every(
        (r) =>
          connections(r).length === rooms.length - 1 &&
          connections(r).every((pc) => pc.connectionState === 'connected'),
      ),
    'not every peer connection reached connected',
  );
  for (const room of rooms) {
    for (const pc of connections(room)) await receivesMedia(pc, `${room.name} from a peer`);
  }
  // The tiles show live video: rtc-video says so with its has-video state.
  await eventually(
    () => rooms.every((r) => videos(r).every((v) => v?.matches(':state(has-video)'))),
    'a tile shows no live video',
  );
}

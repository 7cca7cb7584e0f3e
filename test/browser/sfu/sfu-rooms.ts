/**
 * Rooms whose media goes through a real Janus (test/plugins/janus-plugin.ts): each test makes a
 * VideoRoom with one token per session it will open, and each session's `Room` gets
 * `janusTransportFor` that room's route with its own token, loaded with `import()` as a page would.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { Room, type RoomOptions } from '../../../src/core/index.js';
import type { SfuRoute } from '../../../src/core/protocol.js';
import type { MakeSessionRoom } from '../session-suite.js';

/** A VideoRoom on the test's Janus: its URL, number and the tokens of its access list. */
export interface JanusRoom {
  url: string;
  room: number;
  tokens: string[];
}

/** Makes a VideoRoom that `tokens` sessions may join. */
export const janusRoom = (tokens = 6) =>
  executeServerCommand<JanusRoom, { tokens: number }>('rtc-janus-room', { tokens });

/** The route of session number `n` (its own token) in `made`. */
export const routeOf = (made: JanusRoom, n: number): SfuRoute => ({
  mode: 'sfu',
  sfu: 'janus',
  url: made.url,
  room: made.room,
  token: made.tokens[n]!,
});

/** `Room`s (`mode: 'sfu'`) over `janusTransportFor`, each with a token of its own. */
export const sfuRooms =
  (options: Partial<RoomOptions> = {}): MakeSessionRoom =>
  async ({ room }) => {
    const { janusTransportFor } = await import('../../../src/core/transport/janus/index.js');
    const made = await janusRoom();
    const opened: Room[] = [];
    return {
      async open(name) {
        const transport = janusTransportFor(routeOf(made, opened.length));
        const session = new Room({ room, name, mode: 'sfu', transport, ...options });
        opened.push(session);
        return session;
      },
      close: () => {
        for (const session of opened) session.leave();
      },
    };
  };

/** `Room`s (`mode: 'sfu'`) on a signaling server with `--janus`: the server's routes, `janusTransport`. */
export const serverSfuRooms: MakeSessionRoom = async ({ room }) => {
  const { janusTransport } = await import('../../../src/core/transport/janus/index.js');
  const { url } = await executeServerCommand<{ url: string }, undefined>('rtc-janus-signaling');
  const opened: Room[] = [];
  return {
    async open(name) {
      const session = new Room({ room, name, mode: 'sfu', server: url, transport: janusTransport });
      opened.push(session);
      return session;
    },
    close: () => {
      for (const session of opened) session.leave();
    },
  };
};

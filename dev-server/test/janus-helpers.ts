/** Real Janus for the SFU tests: started with launchJanus, probed with a plain Janus API client. */
import assert from 'node:assert/strict';
import type { SfuRoute } from '../../src/core/protocol.js';
import { JanusAdmin, JanusError } from '../janus/client.js';
import { janusInstalled } from '../janus/launch.js';
import { createLogger } from '../logger.js';
import { eventually } from './helpers.js';

/** The skip of every SFU test when Janus is missing (CI installs it: npm test as root). */
export const NO_JANUS: string | false = janusInstalled()
  ? false
  : 'Janus is not installed (apt-get install janus): the SFU tests need a real one';

/** A Janus API client as a participant (or an intruder) would use it: its own session and handle. */
export async function janusClient(url: string): Promise<JanusAdmin> {
  const client = new JanusAdmin(url, createLogger('silent'));
  client.start();
  await eventually(() => client.up, 10_000);
  return client;
}

/**
 * Joins VideoRoom `room` as a publisher with `token`, on a session of its own: `joined`, or
 * Janus's error code (433: not in the allowed list).
 */
export async function publisherJoin(url: string, room: number, token?: string): Promise<'joined' | number> {
  const client = await janusClient(url);
  try {
    const answer = await client.videoroom({
      request: 'join',
      ptype: 'publisher',
      room,
      ...(token === undefined ? {} : { token }),
    });
    return answer.videoroom === 'joined' ? 'joined' : -1;
  } catch (error) {
    if (error instanceof JanusError) return error.code;
    throw error;
  } finally {
    client.close();
  }
}

/** The VideoRoom's own description of room `room` (its `list` entry, private rooms included), if it exists. */
export async function roomInfo(
  client: JanusAdmin,
  adminKey: string,
  room: number,
): Promise<Record<string, unknown> | undefined> {
  const answer = await client.videoroom({ request: 'list', admin_key: adminKey });
  const list = (answer.list ?? []) as Array<Record<string, unknown>>;
  return list.find((entry) => entry.room === room);
}

/** `route`, which must be an SFU route. */
export function sfuRoute(route: unknown): SfuRoute {
  const mode = (route as { mode?: string } | undefined)?.mode;
  assert.equal(mode, 'sfu', `expected an sfu route, got ${JSON.stringify(route)}`);
  return route as SfuRoute;
}

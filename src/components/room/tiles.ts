import type { Participant } from '../../core/participant.js';
import type { RoomSession, RoomState } from '../../core/room-types.js';
import { setStates } from '../custom-states.js';

/** One tile on the stage: a participant's camera, or the screen they share. */
export interface Tile {
  key: string;
  participant: Participant;
  screen: boolean;
}

const keys = new WeakMap<Participant, string>();

/**
 * A participant's tile key: the id it first had. A participant keeps its tile when a fresh join
 * after a signaling outage gives it a new id, so nothing flashes.
 */
export function tileKey(participant: Participant): string {
  const key = keys.get(participant) ?? participant.id;
  keys.set(participant, key);
  return key;
}

/** Everyone's camera tile (you first), and a tile for each screen being shared. */
export function tilesOf(session: RoomSession | null): Tile[] {
  const tiles: Tile[] = [];
  for (const participant of session?.participants ?? []) {
    tiles.push({ key: tileKey(participant), participant, screen: false });
    if (participant.state.screen === true && participant.screenStream) {
      tiles.push({ key: `${tileKey(participant)}/screen`, participant, screen: true });
    }
  }
  return tiles;
}

/** The tile shown large: a pinned one, else a shared screen, else (speaker layout) the speaker; none for fewer than two. */
export function focusTile(
  tiles: readonly Tile[],
  pinned: string | null,
  layout: string,
  active: Participant | null | undefined,
): Tile | null {
  if (tiles.length < 2) return null;
  return (
    tiles.find((tile) => tile.key === pinned) ??
    tiles.findLast((tile) => tile.screen) ??
    (layout === 'speaker' ? (tiles.find((tile) => !tile.screen && tile.participant === active) ?? null) : null)
  );
}

const STATES: readonly RoomState[] = ['idle', 'connecting', 'connected', 'reconnecting', 'closed', 'error'];

/** `<rtc-room>`'s custom states: its `state` (none while the lobby waits), `lobby`, and `focus` (one tile large). */
export function roomStates(internals: ElementInternals, state: RoomState, lobby: boolean, focus: boolean): void {
  const flags: Record<string, boolean> = { lobby, focus };
  for (const name of STATES) flags[name] = name === state && !lobby;
  setStates(internals, flags);
}

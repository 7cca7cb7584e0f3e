import { createContext } from '@lit/context';
import type { RoomSession } from '../core/room.js';

/**
 * The session (a core `Room`, or anything that behaves like one) `<rtc-room>` provides to the
 * elements inside it. Names across the kit: `room` is always a room's name (the attribute, the
 * `RoomOptions.room` field, the protocol's `room`); the object that runs a call is a session.
 */
export const sessionContext = createContext<RoomSession | null>(Symbol('rtc-room'));

/** @deprecated Since 0.2: the same context under its old name; use `sessionContext`. */
export const roomContext = sessionContext;

import { createContext } from '@lit/context';
import type { RoomSession } from '../core/room.js';

/** The session (a core `Room`, or anything that behaves like one) `<rtc-room>` provides to the elements inside it. */
export const roomContext = createContext<RoomSession | null>(Symbol('rtc-room'));

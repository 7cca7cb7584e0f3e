import { createContext } from '@lit/context';
import type { Room } from '../core/room.js';

/** The core {@link Room} that `<rtc-room>` provides to the elements inside it. */
export const roomContext = createContext<Room | null>(Symbol('rtc-room'));

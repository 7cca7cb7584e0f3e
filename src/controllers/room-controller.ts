import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomSession } from '../core/room.js';

const ROOM_EVENTS = ['state', 'joined', 'participant-joined', 'participant-left', 'participant-updated'] as const;

/**
 * Re-renders its host whenever the session (a core `Room`, or anything like one) it follows changes: state, participants,
 * streams, connection states. Subscribes while the host is connected, releases when it is not.
 */
export class RoomController implements ReactiveController {
  #host: ReactiveControllerHost;
  #room: RoomSession | null = null;
  #connected = false;
  #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  get room(): RoomSession | null {
    return this.#room;
  }

  set room(room: RoomSession | null) {
    if (room === this.#room) return;
    this.#unsubscribe();
    this.#room = room;
    if (this.#connected) this.#subscribe();
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#subscribe();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe();
  }

  #subscribe() {
    for (const type of ROOM_EVENTS) this.#room?.addEventListener(type, this.#onChange);
  }

  #unsubscribe() {
    for (const type of ROOM_EVENTS) this.#room?.removeEventListener(type, this.#onChange);
  }
}

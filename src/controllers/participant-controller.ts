import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Participant, ParticipantEventMap } from '../core/participant.js';

const ALL: readonly (keyof ParticipantEventMap)[] = ['name', 'state', 'stream', 'connection', 'speaking'];

/**
 * Re-renders its host when one participant changes: the events it asks for (by default name,
 * state, stream, connection and speaking; `audio-level` too if asked, ten times a second).
 * So a tile re-renders for its own participant only.
 */
export class ParticipantController implements ReactiveController {
  #host: ReactiveControllerHost;
  #events: readonly (keyof ParticipantEventMap)[];
  #participant: Participant | null = null;
  #connected = false;
  #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost, events: readonly (keyof ParticipantEventMap)[] = ALL) {
    this.#host = host;
    this.#events = events;
    host.addController(this);
  }

  get participant(): Participant | null {
    return this.#participant;
  }

  set participant(participant: Participant | null) {
    if (participant === this.#participant) return;
    this.#unsubscribe();
    this.#participant = participant;
    if (this.#connected) this.#subscribe();
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
    for (const type of this.#events) this.#participant?.addEventListener(type, this.#onChange);
  }

  #unsubscribe() {
    for (const type of this.#events) this.#participant?.removeEventListener(type, this.#onChange);
  }
}

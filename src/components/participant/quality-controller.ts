import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { sessionContext } from '../../context/session-context.js';
import type { Participant } from '../../core/participant.js';
import type { RoomSession } from '../../core/room-types.js';
import type { StatsSampler, StatsSamplerEventMap, StatsSession } from '../../core/stats/sampler.js';
import type { QualityLevel } from '../../core/stats/types.js';
import { withSharedSampler } from '../stats/shared-sampler.js';

/**
 * A participant's quality level from the shared stats sampler of the room the host sits in
 * (through context): a remote participant's is the level of the connection that carries them,
 * yours the median of the connections that send (see `StatsSampler`). Re-renders the host and
 * calls `onChange` when it changes. Listening keeps the sampler going while the host is in the page.
 */
export class QualityController implements ReactiveController {
  #host: ReactiveElement;
  #participant: Participant | null = null;
  #sampler: StatsSampler | null = null;
  /** The session whose sampler it wants (the sampler's code may still be loading). */
  #session: StatsSession | null = null;
  #level: QualityLevel | null = null;
  #connected = false;
  #onChange: (level: QualityLevel, previous: QualityLevel | null) => void;
  #context: ContextConsumer<typeof sessionContext, ReactiveElement>;

  constructor(host: ReactiveElement, onChange: (level: QualityLevel, previous: QualityLevel | null) => void) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
    this.#context = new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (session) => this.#use(session),
    });
  }

  get level(): QualityLevel | null {
    return this.#level;
  }

  set participant(participant: Participant | null) {
    this.#participant = participant;
    this.#level = participant ? (this.#sampler?.quality(participant) ?? null) : null;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#use(this.#context.value ?? null);
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#use(null);
  }

  #use(session: RoomSession | null) {
    const wanted = session && this.#connected ? session : null;
    this.#session = wanted;
    withSharedSampler(wanted, (next) => {
      if (wanted !== this.#session || next === this.#sampler) return;
      this.#sampler?.removeEventListener('quality', this.#onQuality);
      this.#sampler = next;
      this.#sampler?.addEventListener('quality', this.#onQuality);
      const level = this.#level;
      this.participant = this.#participant;
      if (this.#level !== level) this.#host.requestUpdate();
    });
  }

  #onQuality = (event: StatsSamplerEventMap['quality']) => {
    const { participant, level } = event.detail;
    if (participant !== this.#participant || level === this.#level) return;
    const previous = this.#level;
    this.#level = level;
    this.#onChange(level, previous);
    this.#host.requestUpdate();
  };
}

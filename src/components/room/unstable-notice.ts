import { html, nothing } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import type { RoomSession } from '../../core/room-types.js';
import type { StatsSampler } from '../../core/stats/sampler.js';
import { withSharedSampler } from '../stats/shared-sampler.js';

/**
 * The room's notice "Your connection is unstable" (`text`), shown while your own uplink's
 * quality (the session's shared stats sampler) is poor or lost, and gone once it recovers.
 */
export class UnstableNotice extends AsyncDirective {
  #sampler: StatsSampler | null = null;
  #session: RoomSession | null = null;
  /** The session whose sampler it listens to (the sampler's code may still be loading). */
  #listening: RoomSession | null = null;
  #text = '';

  render(session: RoomSession | null, text: string) {
    this.#text = text;
    // Your uplink has a quality only in a call: before you have joined, nothing to read (and no
    // sampler to load).
    const joined = session?.local ? session : null;
    if (joined !== this.#session) {
      this.#session = joined;
      this.#listen(this.isConnected);
    }
    return this.#view();
  }

  #view() {
    const local = this.#session?.local;
    const level = local && this.#sampler ? this.#sampler.quality(local) : null;
    return level === 'poor' || level === 'lost'
      ? html`<div part="notice unstable" role="status">${this.#text}</div>`
      : nothing;
  }

  #listen(on: boolean) {
    const wanted = on ? this.#session : null;
    this.#sampler?.removeEventListener('quality', this.#onQuality);
    this.#sampler = null;
    this.#listening = wanted;
    let rendering = true;
    withSharedSampler(wanted, (sampler) => {
      if (wanted !== this.#listening || !sampler) return;
      this.#sampler = sampler;
      sampler.addEventListener('quality', this.#onQuality);
      // Loaded later than the render that asked for it: show what it knows now.
      if (!rendering) this.setValue(this.#view());
    });
    rendering = false;
  }

  #onQuality = (event: CustomEvent<{ participant: { local: boolean } }>) => {
    if (event.detail.participant.local) this.setValue(this.#view());
  };

  protected override disconnected(): void {
    this.#listen(false);
  }

  protected override reconnected(): void {
    this.#listen(true);
  }
}

export const unstableNotice = directive(UnstableNotice);

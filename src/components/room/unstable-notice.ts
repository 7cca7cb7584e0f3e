import { html, nothing } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import type { RoomSession } from '../../core/room-types.js';
import { type StatsSampler, sharedStatsSampler } from '../../core/stats/sampler.js';

/**
 * The room's notice "Your connection is unstable" (`text`), shown while your own uplink's
 * quality (the session's shared stats sampler) is poor or lost, and gone once it recovers.
 */
export class UnstableNotice extends AsyncDirective {
  #sampler: StatsSampler | null = null;
  #session: RoomSession | null = null;
  #text = '';

  render(session: RoomSession | null, text: string) {
    this.#text = text;
    if (session !== this.#session) {
      this.#session = session;
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
    this.#sampler?.removeEventListener('quality', this.#onQuality);
    this.#sampler = on && this.#session ? sharedStatsSampler(this.#session) : null;
    this.#sampler?.addEventListener('quality', this.#onQuality);
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

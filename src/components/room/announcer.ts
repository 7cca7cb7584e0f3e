import type { ReactiveControllerHost } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import { loadErrorTexts } from '../../i18n/localize.js';
import type { Participant } from '../../core/participant.js';
import type { RoomEventMap } from '../../core/room-types.js';

/** The session itself closed (left, or a fatal error): everyone "leaves" then, which is not news. */
const ended = (event: Event) => ['closed', 'error'].includes((event.target as { state?: string } | null)?.state ?? '');

type Detail = { participant?: Participant; error?: { code: string; message: string }; fatal?: boolean };

/**
 * What the room's polite live region says: joins, leaves, microphones turned off and on, raised
 * hands, and errors, in the page's language. Your own changes are not announced (you made them).
 */
export class Announcer {
  /** The latest announcement (a screen reader reads it when it changes). */
  text = '';
  #host: ReactiveControllerHost;
  #strings: LocalizeController;
  #seen = new WeakMap<Participant, { audio: boolean; hand: boolean }>();
  #flip = false;

  constructor(host: ReactiveControllerHost, strings: LocalizeController) {
    this.#host = host;
    this.#strings = strings;
  }

  /** Takes note of who is there and how, so the next change of theirs is told (not their state now). */
  know(participants: readonly Participant[]): void {
    for (const p of participants) if (!this.#seen.has(p)) this.#remember(p);
  }

  handle(type: keyof RoomEventMap, event: Event): void {
    const detail = (event as CustomEvent<Detail>).detail ?? {};
    const p = detail.participant;
    const t = this.#strings;
    const name = p?.name || t.term('room.guest');
    if (type === 'participant-joined' && p && !p.local) {
      this.#remember(p);
      this.say(t.term('announce.joined', { name }));
    } else if (type === 'participant-left' && p && !p.local && !ended(event)) {
      this.say(t.term('announce.left', { name }));
    } else if (type === 'participant-updated' && p && !p.local) {
      const before = this.#seen.get(p);
      const now = this.#remember(p);
      if (!before) return;
      if (before.audio !== now.audio) this.say(t.term(now.audio ? 'announce.unmuted' : 'announce.muted', { name }));
      if (before.hand !== now.hand) this.say(t.term(now.hand ? 'announce.hand' : 'announce.hand-down', { name }));
    } else if (type === 'error' && detail.error && detail.fatal) {
      const { code, message } = detail.error;
      // Said once, in words, as soon as the texts are in (a language's table, or the English
      // error texts: chunks of their own, loaded as the room joins).
      if (t.errorsReady) this.say(t.error(code, message).text);
      else
        void loadErrorTexts(t.lang).then(
          () => this.say(t.error(code, message).text),
          () => this.say(message),
        );
    }
  }

  #remember(p: Participant) {
    const now = { audio: p.state.audio !== false, hand: p.handRaised };
    this.#seen.set(p, now);
    return now;
  }

  /** Says `text` in the live region (politely). */
  say(text: string) {
    // The same words twice in a row would not be read again: alternate an invisible difference.
    this.#flip = !this.#flip;
    this.text = this.#flip ? text : `${text}\u00a0`;
    this.#host.requestUpdate();
  }
}

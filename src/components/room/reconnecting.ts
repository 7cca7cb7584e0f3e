import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { RoomSession } from '../../core/room-types.js';

/**
 * The room's line while its signaling connection is being restored (the call goes on meanwhile):
 * when the next try starts, counted down each second, and a "Retry now" button when the session
 * can try at once (a core `Room` can).
 */
export class ReconnectLine implements ReactiveController {
  #host: ReactiveControllerHost & { session: RoomSession | null };
  #strings: LocalizeController;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost & { session: RoomSession | null }, strings: LocalizeController) {
    this.#host = host;
    this.#strings = strings;
    host.addController(this);
  }

  hostUpdated(): void {
    const on = this.#host.session?.state === 'reconnecting';
    if (on && this.#ticker === undefined) this.#ticker = setInterval(() => this.#host.requestUpdate(), 1_000);
    if (!on) this.hostDisconnected();
  }

  hostDisconnected(): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  render() {
    const session = this.#host.session;
    if (session?.state !== 'reconnecting') return nothing;
    const t = this.#strings;
    const at = session.nextRetryAt;
    const when =
      typeof at === 'number'
        ? t.plural('room.reconnect.in', Math.max(1, Math.ceil((at - Date.now()) / 1_000)))
        : t.term('room.reconnect.now');
    return html`<div part="reconnecting"><span>${when}</span>${
      session.retryNow
        ? html`<button part="retry-now" class="pill" type="button" ?disabled=${typeof at !== 'number'}
            @click=${() => session.retryNow?.()}>${t.term('room.retry-now')}</button>`
        : nothing
    }</div>`;
  }
}

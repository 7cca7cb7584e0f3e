import { html, nothing } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import { MAX_NAME_LENGTH } from '../../core/protocol.js';
import { loadPrecallCheck } from '../precall/precall-loader.js';
import { loadDevicePicker } from '../lazy-elements.js';

/** The lobby's "Check your setup": shown or not, and what the check needs from the room. */
export interface LobbyCheck {
  open: boolean;
  toggle: () => void;
  server: string;
  token: string;
}

/**
 * `<rtc-room>`'s lobby: the device picker (loaded the first time a lobby shows) or what the page
 * puts in the `lobby` slot, "Check your setup" (a `<rtc-precall-check>`, loaded the first time it
 * opens, that starts at once), the name field and Join; `join` gets the name typed, trimmed.
 */
export function lobby(t: LocalizeController, name: string, join: (name: string) => void, check: LobbyCheck) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const field = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    join(field.value.trim());
  };
  // The picker is a chunk of its own, loaded the first time a lobby shows (lazy-elements.ts).
  void loadDevicePicker();
  return html`<form part="lobby" @submit=${submit}>
      <slot name="lobby"><rtc-device-picker part="picker"></rtc-device-picker></slot>
      <button part="check-toggle" class="pill" type="button" aria-expanded=${check.open} @click=${() => {
        void loadPrecallCheck();
        check.toggle();
      }}>${t.term('lobby.check')}</button>
      ${check.open ? html`<rtc-precall-check part="precall" autostart .server=${check.server} .token=${check.token}></rtc-precall-check>` : nothing}
      <label>${t.term('lobby.name')}<input name="name" .value=${name} autocomplete="nickname"
        placeholder=${t.term('room.guest')} @input=${limitName} @compositionend=${limitName} /></label>
      <button part="join" class="pill" type="submit">${t.term('lobby.join')}</button>
    </form>`;
}

/** The name field counts code points, as the protocol does (`maxlength` counts UTF-16 units: 32 emoji). */
function limitName(event: Event): void {
  const field = event.target as HTMLInputElement;
  if ((event as InputEvent).isComposing) return;
  const extra = [...field.value].length - MAX_NAME_LENGTH;
  if (extra <= 0) return;
  // What was just typed or pasted ends at the caret: its end goes, as maxlength would refuse it.
  const end = field.selectionEnd ?? field.value.length;
  const head = [...field.value.slice(0, end)];
  const kept = head.slice(0, Math.max(0, head.length - extra)).join('');
  field.value = kept + field.value.slice(end);
  field.setSelectionRange(kept.length, kept.length);
}

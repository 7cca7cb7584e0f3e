import { html, nothing } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { RoomController } from '../../controllers/room-controller.js';
import type { RtcError } from '../../core/errors.js';
import type { RoomSession } from '../../core/room-types.js';
import type { TextKey } from '../../i18n/localize.js';
import { unstableNotice } from './unstable-notice.js';

/** Fatal errors that trying again cannot fix: no "Try again" button. */
const FINAL = ['webrtc-unsupported'];

/**
 * The room's box for the fatal error that stopped it, in the page's language (the error's own
 * message while the English texts load), with "Try again" where that can help.
 */
export function errorBox(t: LocalizeController, error: RtcError, retry: () => void) {
  const text = t.error(error.code, error.message);
  return html`<div part="error" role="alert">
    <strong>${text.title}</strong>
    <span>${text.hint}</span>
    ${
      FINAL.includes(error.code)
        ? nothing
        : html`<button part="retry" class="pill" type="button" @click=${retry}>${t.term('room.retry')}</button>`
    }
  </div>`;
}

/**
 * The room's note about media problems that did not stop the call (a camera refused, busy or
 * lost, a screen share declined), in the page's language, with a "Try again" button for a camera
 * or microphone, and what you are left with after them; and, while your own uplink is poor,
 * "Your connection is unstable".
 */
export function notices(controller: RoomController, session: RoomSession | null, t: LocalizeController) {
  const list = controller.notices;
  const unstable = unstableNotice(session, t.term('notice.unstable'));
  if (!list.length) return unstable;
  const media = list.some((n) => !n.devices.includes('screen'));
  const retry = (n: RtcError) =>
    n.devices.length && !n.devices.includes('screen')
      ? html`<button part="notice-retry" class="pill" type="button" @click=${() => void controller.retryMedia(n)}>${t.term('notice.retry')}</button>`
      : '';
  return html`${unstable}<div part="notice" role="status">${list.map((n) => html`<span>${t.term(noticeKey(n))}</span> ${retry(n)} `)}${
    media ? mediaHint(session, t) : ''
  }</div>`;
}

/** What you are left with after a media problem, in words. */
function mediaHint(session: RoomSession | null, t: LocalizeController): string {
  const kinds = session?.localStream?.getTracks().map((track) => track.kind) ?? [];
  if (kinds.includes('audio') && !kinds.includes('video')) return t.term('notice.microphone-only');
  if (kinds.includes('video') && !kinds.includes('audio')) return t.term('notice.camera-only');
  if (!kinds.length) return t.term('notice.receive-only');
  return '';
}

/** The strings-table key of a media problem: which devices, and refused, busy, impossible, lost or failed. */
function noticeKey(error: RtcError): TextKey {
  const { devices, code } = error;
  if (!devices.length) return 'notice.insecure';
  const which = devices.length > 1 ? 'both' : devices[0]!;
  if (code === 'media-denied') return `notice.denied.${which}`;
  if (which !== 'screen') {
    if (code === 'media-busy') return `notice.busy.${which}`;
    if (code === 'media-constraints') return `notice.constraints.${which}`;
    if (code === 'device-lost' && which !== 'both') return `notice.lost.${which}`;
  }
  return `notice.unavailable.${which}`;
}

import { html } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { RtcError } from '../../core/errors.js';
import type { RoomSession } from '../../core/room-types.js';
import type { TextKey } from '../../i18n/localize.js';
import { unstableNotice } from './unstable-notice.js';

/**
 * The room's note about media problems that did not stop the call (a camera refused, a screen
 * share declined), in the page's language, and what you are left with after them; and, while your
 * own uplink is poor, "Your connection is unstable".
 */
export function notices(list: readonly RtcError[], session: RoomSession | null, t: LocalizeController) {
  const unstable = unstableNotice(session, t.term('notice.unstable'));
  if (!list.length) return unstable;
  const media = list.some((n) => !n.devices.includes('screen'));
  return html`${unstable}<div part="notice" role="status">${list.map((n) => html`<span>${t.term(noticeKey(n))}</span> `)}${
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

/** The strings-table key of a media problem: which devices, refused or failed. */
function noticeKey(error: RtcError): TextKey {
  const { devices } = error;
  if (!devices.length) return 'notice.insecure';
  const which = devices.length > 1 ? 'both' : devices[0]!;
  return error.code === 'media-denied' ? `notice.denied.${which}` : `notice.unavailable.${which}`;
}

import type { LocalizeController } from '../../controllers/localize-controller.js';
import { loadOnce } from '../../core/load-once.js';
import type { RoomSession } from '../../core/room-types.js';
import type { PipView } from './pip-window.js';

/** The window's code, a chunk of its own, loaded at the first click (well within the click's user activation, 5 s). */
const loadPip = loadOnce(() => import('./pip-window.js'), 'picture-in-picture');

/**
 * Opens `<rtc-room>`'s picture-in-picture on `session` (see `pip-window.ts`); `changed` is called
 * with the open view, then with null once it closed, whoever closed it.
 */
export async function openPip(
  session: RoomSession,
  host: { renderRoot: HTMLElement | DocumentFragment },
  strings: LocalizeController,
  changed: (view: PipView | null) => void,
): Promise<void> {
  const module = await loadPip();
  if (!module) return;
  const view = await module.openPictureInPicture({
    session,
    term: (key) => strings.term(key),
    holder: host.renderRoot,
    closed: () => changed(null),
  });
  changed(view);
}

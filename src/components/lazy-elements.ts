/**
 * The elements a page may never show, each a chunk of its own defined by its loader the first
 * time it is needed (issue 24): `define.js` calls them the first time one is in the page,
 * `<rtc-room>` when it first shows one (its panels, its lobby). Their define files
 * (`chat/rtc-chat.js`, …) define them at once. A loader resolves once its element is defined, or
 * (its chunk failed to load) warns and tries again on its next call.
 */
import { loadOnce } from '../core/load-once.js';

export const loadChat = loadOnce(() => import('./chat/rtc-chat.js'), '<rtc-chat>');
export const loadDevicePicker = loadOnce(() => import('./device-picker/rtc-device-picker.js'), '<rtc-device-picker>');
export const loadStats = loadOnce(() => import('./stats/rtc-stats.js'), '<rtc-stats>');

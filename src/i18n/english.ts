import { chatEn } from './chat.strings.js';
import { devicePickerEn } from './device-picker.strings.js';
import { errorsEn } from './errors.strings.js';
import { meetingEn } from './meeting.strings.js';
import { precallEn } from './precall.strings.js';
import { statsEn } from './stats.strings.js';
import { baseEn, type Strings } from './strings.js';

/**
 * Every string in English, the error texts included: the table every other language is checked
 * against, and a start for a page's own. The elements do not import it: they carry `baseEn`, load
 * the error texts the first time one is needed, and `<rtc-chat>`, `<rtc-device-picker>`,
 * `<rtc-stats>`, `<rtc-precall-check>` and the room's meeting bring their own.
 */
export const en: Strings = {
  ...baseEn,
  ...chatEn,
  ...devicePickerEn,
  ...statsEn,
  ...meetingEn,
  ...errorsEn,
  ...precallEn,
};

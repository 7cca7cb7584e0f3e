import type { PluralStrings } from './strings.js';

/**
 * `<rtc-controls>`: each button's accessible name (also its tooltip). A toggle keeps its name
 * whatever its state (`aria-pressed` says on or off), as screen readers expect.
 */
export interface ControlsStrings {
  /** The bar's accessible name. */
  'controls.label': string;
  'controls.microphone': string;
  'controls.camera': string;
  'controls.screen': string;
  'controls.hand': string;
  'controls.chat': string;
  /** The chat button's name while messages wait unread. */
  'controls.chat.unread': PluralStrings;
  'controls.settings': string;
  'controls.leave': string;
  /** The picture-in-picture button. */
  'controls.pip': string;
  /** A tooltip: the button's name and its keyboard shortcut. */
  'controls.tooltip': string;
  /** Key names in shortcuts shown outside Apple platforms (which use ⌘ ⌃ ⌥). */
  'controls.key.control': string;
  'controls.key.alt': string;
}

export const controlsEn: ControlsStrings = {
  'controls.label': 'Call controls',
  'controls.microphone': 'Microphone',
  'controls.camera': 'Camera',
  'controls.screen': 'Share screen',
  'controls.hand': 'Raise hand',
  'controls.chat': 'Chat',
  'controls.chat.unread': { one: 'Chat, {count} unread message', other: 'Chat, {count} unread messages' },
  'controls.settings': 'Settings',
  'controls.leave': 'Leave call',
  'controls.pip': 'Picture in picture',
  'controls.tooltip': '{label} ({shortcut})',
  'controls.key.control': 'Ctrl',
  'controls.key.alt': 'Alt',
};

/**
 * The keyboard shortcuts of `<rtc-controls>`: Google Meet's where it has one (so people already
 * know them), on the modifiers Meet uses on each platform. Outside Apple platforms: Ctrl+D
 * microphone, Ctrl+E camera, Ctrl+Alt+S screen share, Ctrl+Alt+H hand, Ctrl+Alt+C chat. On
 * Apple platforms: ⌘D, ⌘E, then ⌃⌘S, ⌃⌘H, ⌃⌘C (⌥⌘ is the browsers' developer tools there).
 * Screen readers keep their own keys (NVDA and JAWS: Insert or Caps Lock; VoiceOver: ⌃⌥).
 */
export type ShortcutAction = 'microphone' | 'camera' | 'screen' | 'hand' | 'chat';

/** The letter of each shortcut; microphone and camera take the main modifier alone, the rest two. */
const LETTERS: Record<ShortcutAction, string> = { microphone: 'd', camera: 'e', screen: 's', hand: 'h', chat: 'c' };
const SINGLE: ReadonlySet<ShortcutAction> = new Set(['microphone', 'camera']);

/** True on macOS and iOS, where the main modifier is ⌘. */
export function isApple(): boolean {
  const data = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return /mac|iphone|ipad|ipod/i.test(data?.platform || navigator.platform || '');
}

/** The modifiers of `action`'s shortcut, in `aria-keyshortcuts` order. */
function modifiers(action: ShortcutAction, apple: boolean): ('Control' | 'Alt' | 'Meta')[] {
  if (apple) return SINGLE.has(action) ? ['Meta'] : ['Control', 'Meta'];
  return SINGLE.has(action) ? ['Control'] : ['Control', 'Alt'];
}

/** The `aria-keyshortcuts` value of `action`'s shortcut: `Control+D`, `Control+Meta+H`. */
export function ariaShortcut(action: ShortcutAction, apple: boolean): string {
  return [...modifiers(action, apple), LETTERS[action].toUpperCase()].join('+');
}

/** The shortcut as people read it: `Ctrl+D`, `Ctrl+Alt+H`, `⌘D`, `⌃⌘H`. */
export function shortcutLabel(action: ShortcutAction, apple: boolean, keys: { control: string; alt: string }): string {
  const letter = LETTERS[action].toUpperCase();
  const mods = modifiers(action, apple);
  if (apple) return `${mods.map((m) => (m === 'Meta' ? '⌘' : '⌃')).join('')}${letter}`;
  return [...mods.map((m) => (m === 'Alt' ? keys.alt : keys.control)), letter].join('+');
}

/** The action a key press asks for, if it is one of the shortcuts (exactly: no extra modifier). */
export function shortcutOf(event: KeyboardEvent, apple: boolean): ShortcutAction | null {
  if (event.repeat || event.isComposing || event.shiftKey) return null;
  // The letter as typed, or the key's position when the layout gives another character
  // (Cyrillic, or Ctrl+Alt acting as AltGr).
  const letter = /^[a-z]$/i.test(event.key)
    ? event.key.toLowerCase()
    : event.code.startsWith('Key')
      ? event.code.slice(3).toLowerCase()
      : '';
  for (const action of Object.keys(LETTERS) as ShortcutAction[]) {
    if (LETTERS[action] !== letter) continue;
    const mods = modifiers(action, apple);
    if (
      event.ctrlKey === mods.includes('Control') &&
      event.altKey === mods.includes('Alt') &&
      event.metaKey === mods.includes('Meta')
    ) {
      return action;
    }
  }
  return null;
}

const NOT_TEXT = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'hidden',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/**
 * True when the key press goes to something the person types in: a text field, a `<select>`, or
 * editable content, in the page or in any shadow root (the first node of the composed path).
 */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable;
}

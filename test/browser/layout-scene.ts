/**
 * The layout tests' page, loaded in a frame of a given size (the frame is the window a person has):
 * a header and an `<rtc-room>` filling the rest of the window, as the demo lays it out, showing a
 * static session (no network), and the measurements a person's eye makes of it, taken from element
 * geometry: what leaves the window, the room or a box that clips it.
 */
import '../../src/define.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import type { RtcStats } from '../../src/components/stats/stats.js';
import { updateParticipant } from '../../src/core/index.js';
import { sharedChatLog } from '../../src/index.js';
import { resetStrings, setStrings } from '../../src/i18n/localize.js';
import { PSEUDO_LANG, pseudoLocale } from './pseudo-locale.js';
import { canvasStream, PEOPLE, StaticSession, staticParticipant } from './static-session.js';
import { recordedSamples } from './stats-samples.js';

export interface SceneOptions {
  /** How many people are in the call (you first); with `lobby`, only you count. */
  people: number;
  /** The side panel to open from the control bar. */
  panel?: 'chat' | 'settings' | null;
  /** The lobby (camera preview, devices, name, Join) instead of a call. */
  lobby?: boolean;
  /** Every string 40 % longer (the pseudo-locale). */
  long?: boolean;
  /** The second person shares a screen: it is shown large, everyone in the strip. */
  screen?: boolean;
}

let streams: MediaStream[] = [];
const litWarnings: string[] = [];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (text.includes('lit.dev/msg/') && !text.includes('lit.dev/msg/dev-mode')) litWarnings.push(text);
  warn(...args);
};

/** What Lit's development build warned about in this frame since the last call. */
export function takeLitWarnings(): string[] {
  return litWarnings.splice(0);
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Resolves once `check` is true, polling every frame; rejects with `message` after 20 s. */
async function until(check: () => boolean, message: string): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`${message} (not within 20 s)`);
    await nextFrame();
  }
}

function camera(label: string, hue: number): MediaStream {
  const stream = canvasStream(label, hue, { width: 640, height: 360, still: true });
  streams.push(stream);
  return stream;
}

/** Stops the scene's pictures and empties the page. */
export function clear(): void {
  for (const stream of streams) for (const track of stream.getTracks()) track.stop();
  streams = [];
  const main = document.querySelector('main')!;
  main.replaceChildren();
  main.style.overflowY = '';
  resetStrings(PSEUDO_LANG);
  document.documentElement.lang = 'en';
}

/** Shows a room as `options` say, laid out and settled (panels open, tiles at their size). */
export async function show(options: SceneOptions): Promise<RtcRoom> {
  clear();
  if (options.long) {
    setStrings(PSEUDO_LANG, pseudoLocale());
    document.documentElement.lang = PSEUDO_LANG;
  }
  const people = PEOPLE.slice(0, Math.max(1, options.people)).map((name, i) =>
    staticParticipant(`p${i}`, name, i === 0, camera(name.slice(0, 2), 200 + i * 53), {
      state: { audio: i !== 2, video: true, hand: i === 1 },
      // The fifth person's link is still being set up: their tile says so.
      connectionState: i === 4 ? 'connecting' : 'connected',
    }),
  );
  if (options.screen && people[1])
    updateParticipant(people[1], { state: { ...people[1].state, screen: true }, screenStream: camera('Slides', 30) });
  const session = options.lobby
    ? new StaticSession('idle', people.slice(0, 1))
    : new StaticSession('connected', people);
  const room = document.createElement('rtc-room') as RtcRoom;
  room.room = 'design-review';
  room.name = PEOPLE[0]!;
  room.lobby = !!options.lobby;
  room.session = session;
  document.querySelector('main')!.append(room);
  await room.updateComplete;
  const shadow = room.shadowRoot!;
  if (options.lobby) {
    await until(() => !!shadow.querySelector('[part=lobby]'), 'the lobby did not show');
    await settle(room);
    return room;
  }
  const [, grace, alan = grace] = people;
  if (grace && alan) {
    // Said before the chat opens: the session's chat log keeps them for it.
    sharedChatLog(session);
    const at = Date.now() - 60_000;
    const say = (from: typeof grace, text: string, i: number) =>
      session.receive(from, { type: 'chat', text, id: `m${i}`, at: at + i * 1000 });
    say(grace, 'Can everyone see the slides? The agenda is at https://example.com/agendas/2026/design-review', 1);
    say(alan, 'Yes. Donaudampfschifffahrtsgesellschaftskapitän is the longest word I know.', 2);
    say(grace, 'Good, then let us start with item two.', 3);
  }
  if (options.panel) {
    await until(() => !!shadow.querySelector('rtc-controls')?.shadowRoot, 'no control bar');
    const controls = shadow.querySelector('rtc-controls')!;
    await controls.updateComplete;
    controls.shadowRoot!.querySelector<HTMLButtonElement>(`[data-button=${options.panel}]`)!.click();
    await room.updateComplete;
    await until(
      () => !!shadow.querySelector(`[part=panel]:not([hidden]) [part=${options.panel}]:not([hidden])`),
      `the ${options.panel} panel did not open`,
    );
    // Its content is a chunk of its own, loaded as it first opens.
    const tags = options.panel === 'chat' ? ['rtc-chat'] : ['rtc-device-picker', 'rtc-stats'];
    await Promise.all(tags.map((tag) => customElements.whenDefined(tag)));
    const chat = shadow.querySelector('rtc-chat');
    if (options.panel === 'chat' && chat)
      await until(
        () => chat.shadowRoot?.querySelectorAll('[part~=message]').length === 3,
        'the chat did not show the messages',
      );
    if (options.panel === 'settings') {
      // A minute of measurements (recorded from real calls), one link poor and relayed.
      const stats = shadow.querySelector<RtcStats>('rtc-stats')!;
      const remote = people.filter((p) => !p.local).map((p) => p.id);
      stats.samples = recordedSamples(remote, { poor: remote.slice(-1) });
      await stats.updateComplete;
    }
  }
  await settle(room);
  return room;
}

/** A detailed `<rtc-stats>` for one participant, `width` wide (a panel's width), alone in the page. */
export async function showLinkStats(width: number, long: boolean): Promise<RtcStats> {
  clear();
  if (long) {
    setStrings(PSEUDO_LANG, pseudoLocale());
    document.documentElement.lang = PSEUDO_LANG;
  }
  const grace = staticParticipant('p1', 'Grace Hopper', false, camera('Gr', 250));
  const stats = document.createElement('rtc-stats') as RtcStats;
  stats.detailed = true;
  stats.participant = grace;
  stats.samples = recordedSamples(['p1'], { poor: ['p1'] });
  stats.style.inlineSize = `${width}px`;
  // Taller than the window: the page's main part scrolls, as a page of statistics would.
  const main = document.querySelector('main')!;
  main.style.overflowY = 'auto';
  main.append(stats);
  // define.js defines <rtc-stats> the first time one is in the page (a chunk of its own).
  await customElements.whenDefined('rtc-stats');
  await stats.updateComplete;
  await nextFrame();
  await nextFrame();
  return stats;
}

/** Waits until the room has measured its stage, its tiles have taken their size and the chat's field its height. */
async function settle(room: RtcRoom): Promise<void> {
  const shadow = room.shadowRoot!;
  let last = '';
  let same = 0;
  // The same geometry for three frames in a row: the stage was measured (a frame after each resize).
  await until(() => {
    const field = shadow.querySelector('rtc-chat')?.shadowRoot?.querySelector('textarea');
    const boxes = [shadow.querySelector('[part=stage]'), field, ...shadow.querySelectorAll('rtc-participant')]
      .map((element) => JSON.stringify(element?.getBoundingClientRect()))
      .join();
    same = boxes === last ? same + 1 : 0;
    last = boxes;
    return same >= 3;
  }, 'the room never stopped moving');
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const box = (element: Element): Box => {
  const { left, top, right, bottom } = element.getBoundingClientRect();
  return { left, top, right, bottom };
};
/** The box an element clips its content to (inside its borders and scrollbars). */
const clipBox = (element: Element): Box => {
  const r = element.getBoundingClientRect();
  const left = r.left + element.clientLeft;
  const top = r.top + element.clientTop;
  return { left, top, right: left + element.clientWidth, bottom: top + element.clientHeight };
};
const round = (b: Box) =>
  `${Math.round(b.left)},${Math.round(b.top)} to ${Math.round(b.right)},${Math.round(b.bottom)}`;
const insideX = (inner: Box, outer: Box) => inner.left >= outer.left - 1 && inner.right <= outer.right + 1;
const insideY = (inner: Box, outer: Box) => inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
const inside = (inner: Box, outer: Box) => insideX(inner, outer) && insideY(inner, outer);
const overlap = (a: Box, b: Box) =>
  a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;

/** The parent in the rendered (flat) tree: a slotted node's slot, a shadow root's host. */
function flatParent(node: Node): Element | null {
  const slot = (node as Element | Text).assignedSlot;
  if (slot) return slot;
  const parent = node.parentNode;
  if (parent?.nodeType === Node.DOCUMENT_FRAGMENT_NODE) return (parent as ShadowRoot).host ?? null;
  return parent?.nodeType === Node.ELEMENT_NODE ? (parent as Element) : null;
}

/** The rendered children of `node`: a host's shadow tree, a slot's assigned nodes (or its fallback). */
function flatChildren(node: Element | ShadowRoot): Node[] {
  if (node instanceof Element && node.shadowRoot) return [...node.shadowRoot.childNodes];
  if (node instanceof HTMLSlotElement) {
    const assigned = node.assignedNodes({ flatten: true });
    return assigned.length ? assigned : [...node.childNodes];
  }
  return [...node.childNodes];
}

/** `<tag part=…>` and the elements it sits in, for a message. */
function where(element: Element): string {
  const names: string[] = [];
  for (let e: Element | null = element; e && names.length < 4; e = flatParent(e)) {
    const part = e.getAttribute('part');
    names.unshift(
      `${e.localName}${part ? `[part=${part}]` : e.className ? `.${String(e.className).split(' ')[0]}` : ''}`,
    );
  }
  return names.join(' > ');
}

const SCROLLS = ['auto', 'scroll'];

/**
 * A box that may scroll sideways: a data table's own scroller (two-dimensional content, which
 * WCAG 1.4.10 lets scroll both ways) or the room's strip of tiles. Nothing else may.
 */
const scrollsSideways = (element: Element) =>
  element.matches('.strip') || (element.children.length === 1 && element.firstElementChild!.localName === 'table');

/**
 * Every piece of text drawn in `root` (shadow trees and slots included) that is not wholly
 * visible: cut by a box that clips it (an ellipsis, overflow: hidden), pushed out of the window, or
 * out of a box that scrolls in a direction it may not. Text in a box that may scroll (the panel,
 * the chat's messages, a table's scroller) counts as visible: scrolling reaches it.
 */
export function clippedText(root: Element): { cut: string[]; checked: number } {
  const found: string[] = [];
  let checked = 0;
  const view: Box = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.textContent!.trim()) check(node as Text);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
    const element = node as Element;
    // Form controls draw their own text (a select's choice; a field's placeholder is measured on
    // its own); screen-reader-only text is clipped on purpose.
    if (node.nodeType === Node.ELEMENT_NODE && element.matches('textarea, input')) {
      field(element as HTMLInputElement | HTMLTextAreaElement);
      return;
    }
    if (node.nodeType === Node.ELEMENT_NODE && element.matches('select, option, style, script, title')) return;
    for (const child of flatChildren(element)) visit(child);
  };
  /** A field's placeholder, shown while it is empty, must fit it (a field draws it itself). */
  const field = (input: HTMLInputElement | HTMLTextAreaElement) => {
    if (input.value || !input.placeholder || !input.getClientRects().length) return;
    checked++;
    if (input.scrollHeight > input.clientHeight + 1 || input.scrollWidth > input.clientWidth + 1)
      found.push(
        `the placeholder "${input.placeholder}" of ${where(input)} is cut (it needs ${input.scrollWidth}x${input.scrollHeight}, the field shows ${input.clientWidth}x${input.clientHeight})`,
      );
  };
  const check = (text: Text) => {
    const parent = flatParent(text)!;
    const style = getComputedStyle(parent);
    if (style.visibility !== 'visible') return;
    for (let e: Element | null = parent; e; e = flatParent(e)) {
      if (getComputedStyle(e).clipPath !== 'none') return;
    }
    const range = document.createRange();
    range.selectNodeContents(text);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
    if (rects.length) checked++;
    for (const rect of rects) {
      const problem = cut(parent, { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom }, view);
      if (problem) {
        found.push(`"${text.textContent!.trim().slice(0, 40)}" in ${where(parent)} ${problem}`);
        return;
      }
    }
  };
  /**
   * Where the text leaves a box that cuts it, or the window. A box that scrolls (in a direction it
   * may) brings the text into view: from there on, what must be visible is that box's own view.
   */
  const cut = (from: Element, rect: Box, view: Box): string | null => {
    const seen = { ...rect };
    for (let e: Element | null = from; e; e = flatParent(e)) {
      const style = getComputedStyle(e);
      if (style.display === 'inline' || style.display === 'contents') continue;
      const [x, y] = [style.overflowX, style.overflowY];
      const clip = clipBox(e);
      if (SCROLLS.includes(x) && scrollsSideways(e)) {
        seen.left = clip.left;
        seen.right = clip.right;
      } else if (x !== 'visible' && !insideX(seen, clip))
        return `is cut at the sides of ${where(e)} (text ${round(rect)}, box ${round(clip)})`;
      if (SCROLLS.includes(y)) {
        seen.top = clip.top;
        seen.bottom = clip.bottom;
      } else if (y !== 'visible' && !insideY(seen, clip))
        return `is cut at the top or bottom of ${where(e)} (text ${round(rect)}, box ${round(clip)})`;
    }
    if (!insideX(seen, view)) return `is outside the window sideways (text ${round(rect)}, seen ${round(seen)})`;
    if (!insideY(seen, view)) return `is outside the window (text ${round(rect)}, seen ${round(seen)})`;
    return null;
  };
  visit(root);
  return { cut: found, checked };
}

/** Each piece of text drawn in `root` (shadow trees included) and its boxes. */
function drawnText(root: Element): { text: string; rect: Box }[] {
  const found: { text: string; rect: Box }[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const { left, top, right, bottom, width, height } of range.getClientRects())
        if (width > 0.5 && height > 0.5)
          found.push({ text: node.textContent!.trim(), rect: { left, top, right, bottom } });
    } else if (node.nodeType === Node.ELEMENT_NODE) for (const child of flatChildren(node as Element)) visit(child);
  };
  visit(root);
  return found;
}

/**
 * What a person would find wrong with the page's layout: the page scrolling sideways, the room's
 * content leaving the element, the control bar or the panel outside the window, a tile neither
 * wholly visible nor in a strip that scrolls, the panel covering the stage while it sits beside
 * it, and any text not wholly visible ({@link clippedText}).
 */
export function layoutProblems(room: RtcRoom): { problems: string[]; texts: number } {
  const problems: string[] = [];
  const view: Box = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  const page = document.scrollingElement!;
  if (page.scrollWidth > innerWidth)
    problems.push(`the page is ${page.scrollWidth}px wide in a ${innerWidth}px window (it scrolls sideways)`);
  if (page.scrollHeight > innerHeight)
    problems.push(`the page is ${page.scrollHeight}px tall in a ${innerHeight}px window`);
  const shadow = room.shadowRoot!;
  const host = box(room);
  const base = box(shadow.querySelector('[part=base]')!);
  if (!inside(base, host)) problems.push(`the room's content (${round(base)}) leaves the element (${round(host)})`);
  const bar = shadow.querySelector('rtc-controls')?.shadowRoot?.querySelector('[part~=bar]');
  if (bar && !inside(box(bar), view)) problems.push(`the control bar (${round(box(bar))}) is not inside the window`);
  if (bar && !inside(box(bar), host)) problems.push(`the control bar (${round(box(bar))}) is not inside the room`);
  const stage = box(shadow.querySelector('[part=stage]')!);
  const lobby = shadow.querySelector('[part=lobby]');
  if (lobby && !inside(box(lobby), view)) problems.push(`the lobby (${round(box(lobby))}) is not inside the window`);
  if (lobby && !inside(box(lobby), stage))
    problems.push(`the lobby (${round(box(lobby))}) leaves the stage (${round(stage)})`);
  const panelElement = shadow.querySelector('[part=panel]:not([hidden])');
  const panel = panelElement ? box(panelElement) : null;
  if (panel && !inside(panel, view)) problems.push(`the panel (${round(panel)}) is not inside the window`);
  if (panel && !inside(panel, base)) problems.push(`the panel (${round(panel)}) leaves the room (${round(base)})`);
  // Beside the stage (a wide room) the panel leaves it whole; a narrow room's panel covers it on purpose.
  if (panel && room.clientWidth > 640 && overlap(panel, stage))
    problems.push(`the panel (${round(panel)}) covers the stage (${round(stage)})`);
  for (const tile of shadow.querySelectorAll('rtc-participant')) {
    const t = box(tile);
    const strip = tile.closest('.strip');
    const scrolls = strip && strip.scrollWidth > strip.clientWidth;
    const name = `the tile of ${tile.getAttribute('data-participant')} (${round(t)})`;
    if (scrolls ? !insideY(t, stage) : !inside(t, stage))
      problems.push(`${name} is not inside the stage (${round(stage)})`);
    if (scrolls ? !insideY(t, view) : !inside(t, view)) problems.push(`${name} is not inside the window`);
    // What a tile says (name, connection, badges) stays on the tile, not over its neighbour.
    for (const { text, rect } of drawnText(tile))
      if (!inside(rect, t)) problems.push(`"${text}" (${round(rect)}) leaves ${name}`);
  }
  const text = clippedText(room);
  problems.push(...text.cut, ...tooltips(room));
  return { problems, texts: text.checked };
}

/**
 * The control bar's tooltips, each shown as on hover or focus (all at once here: each is checked
 * alone, for what it shows and where): wholly inside the window and not cut.
 */
function tooltips(room: RtcRoom): string[] {
  const controls = room.shadowRoot!.querySelector('rtc-controls')?.shadowRoot;
  if (!controls) return [];
  const shown = new CSSStyleSheet();
  // Only what hides it: where it sits is the stylesheet's (the shown state only moves it 4px up).
  shown.replaceSync(
    '[part~=tooltip] { opacity: 1 !important; visibility: visible !important; transition: none !important; }',
  );
  const sheets = controls.adoptedStyleSheets;
  controls.adoptedStyleSheets = [...sheets, shown];
  try {
    const problems: string[] = [];
    for (const tip of controls.querySelectorAll('[part~=tooltip]')) {
      const b = box(tip);
      if (!inside(b, { left: 0, top: 0, right: innerWidth, bottom: innerHeight }))
        problems.push(`the tooltip "${tip.textContent}" (${round(b)}) is not inside the window`);
      problems.push(...clippedText(tip).cut);
    }
    return problems;
  } finally {
    controls.adoptedStyleSheets = sheets;
  }
}

/** The room's figures for a report: the window, the room, its stage, panel, control bar and tiles. */
export function figures(room: RtcRoom): Record<string, string | string[]> {
  const shadow = room.shadowRoot!;
  const part = (selector: string) => {
    const element = shadow.querySelector(selector);
    return element ? round(box(element)) : '-';
  };
  const bar = shadow.querySelector('rtc-controls')?.shadowRoot?.querySelector('[part~=bar]');
  return {
    window: `${innerWidth}x${innerHeight}`,
    page: `${document.scrollingElement!.scrollWidth}x${document.scrollingElement!.scrollHeight}`,
    room: round(box(room)),
    base: part('[part=base]'),
    stage: part('[part=stage]'),
    panel: part('[part=panel]:not([hidden])'),
    controls: bar ? round(box(bar)) : '-',
    tiles: [...shadow.querySelectorAll('rtc-participant')].map((tile) => round(box(tile))),
  };
}

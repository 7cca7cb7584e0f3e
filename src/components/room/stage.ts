/**
 * What `<rtc-room>` renders around its tiles: the stage (a grid of tiles as large as they fit,
 * or one large tile with the others in a strip) and the side panel (the chat, or the device
 * settings with the call's numbers). Templates only: the room keeps the state and the handlers.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { icon } from '../../styles/icons.js';
import { gridLayout } from './layout.js';
import type { Tile } from './tiles.js';
import type { RtcChatToggleEvent } from '../../events/rtc-chat-toggle.js';
import type { RtcSettingsToggleEvent } from '../../events/rtc-settings-toggle.js';

/** The height the "Waiting for others" line takes (its CSS sets it to this). */
const EMPTY_LINE = 40;

export interface StageView {
  tiles: Tile[];
  /** The large tile (a screen, a pinned tile or the speaker), or none: a grid. */
  focus: Tile | null;
  size: StageSize;
  /** The "Waiting for others" line, while you are alone (else null). */
  empty: string | null;
  tile(tile: Tile): TemplateResult;
}

export function stage({ tiles, focus, size, empty, tile }: StageView): TemplateResult {
  const each = (list: Tile[]) =>
    repeat(
      list,
      (t) => t.key,
      (t) => tile(t),
    );
  if (!focus) {
    const { width, height, gap } = size;
    // Alone, the "Waiting for others" line takes its height (and a gap) under the tile.
    const { tileWidth } = gridLayout(tiles.length, width, empty !== null ? height - EMPTY_LINE - gap : height, gap);
    // Not measured yet (the first frame): the stylesheet's default width holds.
    const tileStyle = tileWidth > 0 ? { '--_tile-width': `${tileWidth}px` } : {};
    return html`<div part="grid" class="grid" style=${styleMap(tileStyle)}>${each(tiles)}</div>
      ${empty !== null ? html`<p part="empty">${empty}</p>` : nothing}`;
  }
  return html`<div part="main" class="main">${tile(focus)}</div>
    <div part="grid" class="strip">${each(tiles.filter((t) => t.key !== focus.key))}</div>`;
}

export interface PanelView {
  panel: 'chat' | 'settings' | null;
  title: string;
  closeLabel: string;
  close(): void;
  keydown(event: KeyboardEvent): void;
}

/** The side panel: hidden while none is open; the chat or the settings inside. */
export function panel({ panel: open, title, closeLabel, close, keydown }: PanelView): TemplateResult {
  return html`<aside part="panel" aria-label=${title} tabindex="-1" ?hidden=${!open} @keydown=${keydown}>
    <div part="panel-header">
      <h2>${title}</h2>
      <button part="close" class="icon-button" type="button" aria-label=${closeLabel} @click=${close}>${icon('close')}</button>
    </div>
    ${open === 'chat' ? html`<rtc-chat part="chat" open></rtc-chat>` : nothing}
    ${open === 'settings' ? html`<rtc-device-picker part="settings"></rtc-device-picker><rtc-stats part="stats" detailed></rtc-stats>` : nothing}
  </aside>`;
}

type StageSize = { width: number; height: number; gap: number };

/** Watches the stage's size (and the gap between tiles the page set), giving it on the next frame when it changed. */
export function stageObserver(host: { stageSize: StageSize }): ResizeObserver {
  return new ResizeObserver(([entry]) => {
    const { width, height } = entry!.contentRect;
    // The gap between tiles, as the page set it (--rtc-room-gap): the layout must count the same one.
    const gap = Number.parseFloat(getComputedStyle(entry!.target).rowGap) || 0;
    // Next frame: a layout change inside this callback would be a resize loop.
    requestAnimationFrame(() => {
      const size = host.stageSize;
      if (width !== size.width || height !== size.height || gap !== size.gap) host.stageSize = { width, height, gap };
    });
  });
}

export interface ControlBarView {
  /** `no-controls`: the slot only, with nothing in it by default. */
  hidden: boolean;
  panel: 'chat' | 'settings' | null;
  pip: boolean;
  toggle(panel: 'chat' | 'settings', open: boolean): void;
  togglePip(open: boolean): void;
}

/** The `controls` slot, with an `<rtc-controls>` in it by default. */
export function controlBar({ hidden, panel: open, pip, toggle, togglePip }: ControlBarView): TemplateResult {
  return html`<slot name="controls">${
    hidden
      ? nothing
      : html`<rtc-controls part="controls" .chatOpen=${open === 'chat'} .settingsOpen=${open === 'settings'}
          @rtc-chat-toggle=${(e: RtcChatToggleEvent) => toggle('chat', e.open)}
          @rtc-settings-toggle=${(e: RtcSettingsToggleEvent) => toggle('settings', e.open)}
          .pictureInPicture=${pip} @rtc-picture-in-picture-toggle=${(e: { open: boolean }) => togglePip(e.open)}></rtc-controls>`
  }</slot>`;
}

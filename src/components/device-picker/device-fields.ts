/** What `<rtc-device-picker>`'s fields are (device-picker.ts): which, in what order, named and drawn how. */
import { svg } from 'lit';
import type { DeviceKind } from '../../core/local-tracks.js';

/** The fields, in the order they show. */
export const KINDS: readonly DeviceKind[] = ['videoinput', 'audioinput', 'audiooutput'];
export const NAMES = { videoinput: 'camera', audioinput: 'microphone', audiooutput: 'speaker' } as const;
export const ICONS = { videoinput: 'camera', audioinput: 'microphone', audiooutput: 'speaker' } as const;
export const chevron = svg`<svg class="chevron" aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none"
  stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="m6 9 6 6 6-6"/></svg>`;

/** True where media elements can play through a chosen speaker (`HTMLMediaElement.setSinkId`). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * Two rooms that between them show most of what the elements draw: a connected room of three
 * (one with a raised hand, one still connecting and without a picture) with a media notice and
 * the control bar, and a room that could not join. The theming and language stories render them.
 */
import { html } from 'lit';
import '../../src/components/room/rtc-room.js';
import { RtcError } from '../../src/core/errors.js';
import { mediaError } from '../../src/core/media.js';
import { StorySession } from './static-session.js';
import { untilState } from './wait.js';

export function showcase(storyId: string, names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']) {
  const [you, other, third] = names;
  const connected = new StorySession({
    storyId,
    state: 'connected',
    local: { name: you! },
    remote: [
      { name: other!, hand: true },
      { name: third!, video: false, connectionState: 'connecting' },
    ],
    notices: [mediaError(new DOMException('Could not start audio source', 'NotReadableError'), ['microphone'])],
    localMedia: { video: true, audio: false },
  });
  const failed = new StorySession({
    storyId,
    state: 'error',
    error: new RtcError('room-full', 'room has 32 peers already'),
  });
  return html`<rtc-room room="design-review" .session=${connected}></rtc-room>
    <rtc-room room="all-hands" .session=${failed}></rtc-room>`;
}

/** A play function: both rooms of the showcase are drawn. */
export async function showcaseReady({ canvasElement }: { canvasElement: HTMLElement }): Promise<void> {
  const [connected, failed] = canvasElement.querySelectorAll('rtc-room');
  if (!connected || !failed) throw new Error('the showcase has not rendered');
  await untilState(connected, 'connected');
  await untilState(failed, 'error');
}

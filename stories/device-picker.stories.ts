import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/components/device-picker/rtc-device-picker.js';
import type { RtcDevicePicker } from '../src/components/device-picker/device-picker.js';
import { customProperties, eventsOf } from './support/manifest.js';
import { StorySession } from './support/static-session.js';
import { eventually, untilState, within } from './support/wait.js';

interface DevicePickerArgs {
  kind: string;
  noPreview: boolean;
  effects: boolean;
}

/**
 * The picker in a call (a static session whose own stream, a canvas and a silent microphone,
 * stands in for the camera): it previews and measures the call's stream and opens no camera of
 * its own. The lists are this browser's real devices; until the page may use the camera and
 * microphone, browsers hide their names, and the picker then offers to ask (Storybook's test
 * browser has permission from the start, so it lists "fake_device_0" and its fake microphones).
 * Choosing a device asks the session to switch to it.
 */
function render(args: DevicePickerArgs, { id }: { id: string }) {
  const session = new StorySession({
    storyId: id,
    state: 'connected',
    local: { name: 'Ada Lovelace' },
    remote: [{ name: 'Grace Hopper' }],
  });
  return html`<rtc-device-picker style="max-width: 360px; ${customProperties(args)}" .session=${session}
    kind=${args.kind || nothing} ?no-preview=${args.noPreview} ?effects=${args.effects}></rtc-device-picker>`;
}

/** Waits until the picker works on the call's media and lists devices. */
const listed: Story['play'] = async ({ canvasElement }) => {
  const picker = within<RtcDevicePicker>(canvasElement, 'rtc-device-picker');
  await untilState(picker, 'in-call');
  await eventually(() => {
    if (!picker.shadowRoot?.querySelector('select option')) throw new Error('the picker lists no device');
  });
};

const meta = {
  title: 'Elements/rtc-device-picker',
  component: 'rtc-device-picker',
  args: { kind: '', noPreview: false, effects: false },
  parameters: { actions: { handles: eventsOf('rtc-device-picker') } },
  render,
} satisfies Meta<DevicePickerArgs>;
export default meta;
type Story = StoryObj<DevicePickerArgs>;

/** In a call: the preview, camera, microphone with its level, and speaker (where the browser can choose one). */
export const InCall: Story = {
  name: 'In a call',
  play: listed,
};

/** `kind="videoinput audioinput"`: no speaker choice (for a page that plays through the system's). */
export const NoSpeaker: Story = {
  name: 'Speaker hidden',
  args: { kind: 'videoinput audioinput' },
  play: listed,
};

/** `kind="audioinput"`: the microphone alone, with its level (an audio-only call). */
export const MicrophoneOnly: Story = {
  name: 'Microphone only',
  args: { kind: 'audioinput' },
  play: listed,
};

/** `no-preview`: the lists alone, no preview and no level. */
export const NoPreview: Story = {
  name: 'Without preview',
  args: { noPreview: true },
  play: listed,
};

/**
 * `effects`: also a background (none, blur, strong blur; an image too with `background-image`) and
 * noise suppression. Their code loads when shown; the processors only when chosen in a real call
 * (this static session has none to process).
 */
export const Effects: Story = {
  name: 'Background and noise suppression',
  args: { effects: true },
  play: async (context) => {
    await listed(context);
    const picker = within<RtcDevicePicker>(context.canvasElement, 'rtc-device-picker');
    await eventually(() => {
      if (!picker.shadowRoot?.querySelector('select#background'))
        throw new Error('the picker shows no background field');
    });
  },
};

import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { AudioLevelController } from '../../controllers/audio-level-controller.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { devicePickerEn } from '../../i18n/device-picker.strings.js';
import { addEnglish } from '../../i18n/localize.js';
import { MediaDevicesController } from '../../controllers/media-devices-controller.js';
import { SessionConsumer } from '../../controllers/session-consumer.js';
import type { DeviceKind } from '../../core/local-tracks.js';
import { getLocalMedia, stopStream } from '../../core/media.js';
import { PreviewController } from '../../controllers/preview-controller.js';
import type { RoomSession } from '../../core/room-types.js';
import { RtcDeviceChangeEvent } from '../../events/rtc-device-change.js';
import { RtcDeviceLostEvent } from '../../events/rtc-device-lost.js';
import { RtcErrorEvent } from '../../events/rtc-error.js';
import { icon } from '../../styles/icons.js';
import { loadDevicePreferences, saveDevicePreference } from './device-preferences.js';
import { styles } from './device-picker.styles.js';
import { setStates } from '../custom-states.js';
import { canChooseSpeaker, chevron, ICONS, KINDS, NAMES } from './device-fields.js';

// Its English strings come with it (the kit carries only what its first screen shows).
addEnglish(devicePickerEn);

/** The background and noise suppression choices' code (picker-effects.ts), loaded when first shown. */
const effectsCode = () => import('./picker-effects.js');

export { canChooseSpeaker };

/**
 * Outside a call (no session, or one that has not started joining: a lobby) it records the
 * choice, remembers it and previews it with a stream of its own, which it stops when the choice
 * changes and when it leaves the page. In a call (a session with local media) choosing a camera
 * or microphone calls `session.switchDevice` (a `replaceTrack`: no renegotiation), and the
 * preview and level show the call's own stream.
 *
 * Before the page may use the camera and microphone, browsers hide device names; the picker
 * then says why and offers a button that asks. Choices are remembered in `localStorage` under
 * `rtc-elements:devices` (JSON `{ audioinput, videoinput, audiooutput }`) and restored when the
 * device is still there. When the device in use is unplugged, the picker falls back to the
 * system default (or the first one left), switches the call to it, says so in its status line
 * and fires `rtc-device-lost`. The speaker field shows only where the browser can choose one
 * (`setSinkId`) and lists speakers.
 *
 * It finds its room as the other elements do: `.session`, `for="<id of an rtc-room>"`, or the
 * `<rtc-room>` it is in.
 *
 * @tagname rtc-device-picker
 * @summary Camera, microphone and speaker choices with a camera preview and a live microphone
 * level, before and during a call.
 *
 * @csspart base - The wrapper.
 * @csspart preview - The camera preview (an `<rtc-video>`, mirrored and muted).
 * @csspart permission - The note asking for camera and microphone access, with its button.
 * @csspart allow - The "Allow access" button.
 * @csspart field - Each choice (also `field camera`, `field microphone`, `field speaker`; with `effects`, `field background` and `field noise`).
 * @csspart label - Each field's label.
 * @csspart select - Each field's `<select>`.
 * @csspart meter - The microphone level.
 * @csspart status - The line that says when a device was disconnected (a polite live region).
 *
 * @cssproperty [--rtc-device-picker-gap=var(--rtc-space-m, 12px)] - Space between the parts.
 * @cssproperty [--rtc-device-picker-field-background=var(--rtc-color-surface-raised)] - Behind each `<select>`.
 * @cssproperty [--rtc-device-picker-field-border=color-mix of the text colour] - Each `<select>`'s border colour.
 * @cssproperty [--rtc-device-picker-radius=var(--rtc-radius-s, 6px)] - Corner radius of the selects and the level.
 * @cssproperty [--rtc-device-picker-meter-color=var(--rtc-color-success)] - The level's fill.
 *
 * @cssstate needs-permission - Device names are hidden until the page may use the camera or microphone.
 * @cssstate in-call - Working on a call's own media (its session has local media).
 * @cssstate previewing - Showing a preview stream of its own (outside a call).
 *
 * @event change - The person chose a device: `event.kind`, `event.deviceId`. {@link RtcDeviceChangeEvent}
 * @event rtc-device-lost - The device in use was unplugged: `event.kind`, `event.device`, `event.fallback`. {@link RtcDeviceLostEvent}
 * @event rtc-error - The preview or the access request failed (not fatal): `event.code`. {@link RtcErrorEvent}
 */
export class RtcDevicePicker extends LitElement {
  static override styles = styles;

  /** The id of an `<rtc-room>` elsewhere in the page, when the picker is not inside it. */
  @property({ reflect: true }) for = '';

  /**
   * Which choices show: space-separated `videoinput`, `audioinput`, `audiooutput`. Empty: all
   * that the browser supports.
   */
  @property() kind = '';

  /** No camera preview and no microphone level: outside a call, the picker then opens nothing. */
  @property({ type: Boolean, reflect: true, attribute: 'no-preview' }) noPreview = false;

  /**
   * Also offers a background (none, blur, strong blur, or an image: the `background-image`
   * attribute's URL) and noise suppression for the call's camera and microphone
   * (`session.setProcessor`), remembered in `localStorage` under `rtc-elements:effects`; their code
   * loads only when shown, the processors only when chosen (from the `processors-url` attribute's
   * folder, else `dist/processors/` beside the kit).
   */
  @property({ type: Boolean, reflect: true }) effects = false;

  /** The effects' fields and their choices (picker-effects.ts), once loaded. */
  #fx?: import('./picker-effects.js').PickerEffects;

  @state() private asking = false;
  @state() private denied = false;
  @state() private status = '';

  #chosen: Record<DeviceKind, string> = { audioinput: '', videoinput: '', audiooutput: '' };
  /** Kinds set through a property, to apply to the call at the next update. */
  #pending = new Set<DeviceKind>();
  /** Kinds whose remembered choice was looked up once the devices had ids. */
  #restored = new Set<DeviceKind>();
  #consumer = new SessionConsumer(this, { events: ['state', 'joined', 'device'] });
  #devices = new MediaDevicesController(this, (previous, changed) => this.#onList(previous, changed));
  #level = new AudioLevelController(this, () =>
    this.noPreview || !this.#kinds().includes('audioinput') ? null : (this.#stream()?.getAudioTracks()[0] ?? null),
  );
  #preview = new PreviewController(this, (error) => this.dispatchEvent(new RtcErrorEvent(error, false)));
  #strings = new LocalizeController(this);
  #internals = this.attachInternals();

  /** The session to use; wins over `for` and the enclosing room. */
  get session(): RoomSession | null {
    return this.#consumer.session;
  }
  set session(session: RoomSession | null) {
    this.#consumer.explicit = session;
  }

  /**
   * The microphone's `deviceId`: the one chosen ('' for the system default), or in a call the
   * one the call uses. Setting it uses that microphone (in a call, through `switchDevice`).
   */
  @property({ attribute: 'audio-input' })
  get audioInput(): string {
    return this.#current('audioinput');
  }
  set audioInput(deviceId: string) {
    this.#set('audioinput', deviceId);
  }

  /** The camera's `deviceId`, as `audioInput` is the microphone's. */
  @property({ attribute: 'video-input' })
  get videoInput(): string {
    return this.#current('videoinput');
  }
  set videoInput(deviceId: string) {
    this.#set('videoinput', deviceId);
  }

  /** The speaker's `deviceId` ('' for the system default); in a call, the room plays through it. */
  @property({ attribute: 'audio-output' })
  get audioOutput(): string {
    return this.#current('audiooutput');
  }
  set audioOutput(deviceId: string) {
    this.#set('audiooutput', deviceId);
  }

  protected override render() {
    const kinds = this.#kinds();
    const shown = (kind: DeviceKind) => kinds.includes(kind);
    const unnamed = kinds.filter((k) => this.#devices.unnamed(k));
    const camera = unnamed.includes('videoinput');
    const which = camera && unnamed.length > 1 ? 'both' : camera ? 'camera' : 'microphone';
    return html`
      <div part="base" @pointerdown=${() => this.#level.resume()}>
        ${
          shown('videoinput') && !this.noPreview
            ? html`<div class="preview">
                <rtc-video part="preview" muted mirrored .stream=${this.#stream()}
                  aria-label=${this.#strings.term('device-picker.preview')}></rtc-video>
                <span class="off" aria-hidden="true">${icon('camera-off', '2em')}</span>
              </div>`
            : nothing
        }
        ${
          unnamed.length
            ? html`<div part="permission" class="permission">
                <p>${this.#strings.term(this.denied ? 'device-picker.denied' : `device-picker.permission.${which}`)}</p>
                <button part="allow" class="pill" type="button" ?disabled=${this.asking} @click=${this.#allow}>
                  ${this.#strings.term('device-picker.allow')}
                </button>
              </div>`
            : nothing
        }
        ${kinds.map((kind) => this.#field(kind))}
        ${this.effects ? this.#effects() : nothing}
        <p part="status" role="status">${this.status}</p>
      </div>
    `;
  }

  #field(kind: DeviceKind) {
    const name = NAMES[kind];
    const list = this.#devices.of(kind);
    const current = this.#current(kind);
    const level = Math.round(this.#level.level * 100);
    return html`
      <div part="field ${name}" class="field">
        <label part="label" for=${kind}>${icon(ICONS[kind])}<span>${this.#strings.term(`device-picker.${name}`)}</span></label>
        <div class="control">
          <select id=${kind} part="select" ?disabled=${!list.some((d) => d.deviceId)}
            @change=${(event: Event) => this.#choose(kind, (event.target as HTMLSelectElement).value)}>
            ${
              list.length
                ? list.map(
                    (device, i) => html`<option value=${device.deviceId} .selected=${live(device.deviceId === current)}>
                      ${device.label || this.#strings.term(`device-picker.${name}.unnamed`, { number: i + 1 })}
                    </option>`,
                  )
                : html`<option value="">${this.#strings.term(`device-picker.${name}.none`)}</option>`
            }
          </select>
          ${chevron}
        </div>
        ${
          kind === 'audioinput' && !this.noPreview
            ? html`<div part="meter" role="meter" aria-label=${this.#strings.term('device-picker.level')}
                aria-valuemin="0" aria-valuemax="100" aria-valuenow=${level} style="--_level: ${level / 100}"></div>`
            : nothing
        }
      </div>
    `;
  }

  #effects() {
    if (!this.#fx)
      void effectsCode().then(({ PickerEffects }) => {
        this.#fx ??= new PickerEffects(this);
        this.requestUpdate();
      });
    return this.#fx?.view(html, live, chevron, (key) =>
      this.#strings.term(`device-picker.${key}` as 'device-picker.noise'),
    );
  }

  protected override willUpdate(): void {
    this.#applyPending();
    this.#syncPreview();
  }

  protected override updated(): void {
    if (this.effects) this.#fx?.sync(this.session);
    this.#internals.role = 'group';
    this.#internals.ariaLabel = this.#strings.term('device-picker.label');
    setStates(this.#internals, {
      'needs-permission': this.#kinds().some((k) => this.#devices.unnamed(k)),
      'in-call': this.#inCall(),
      previewing: !!this.#preview.stream,
    });
  }

  /** The kinds to show, in field order: those asked for that this browser can offer. */
  #kinds(): DeviceKind[] {
    // A removed attribute sets null: that is the default too.
    const words = String(this.kind ?? '').trim();
    const asked = words ? words.split(/\s+/) : KINDS;
    return KINDS.filter(
      (k) => asked.includes(k) && (k !== 'audiooutput' || (canChooseSpeaker() && this.#devices.of(k).length > 0)),
    );
  }

  /** A session with local media (joining or joined): its devices are the ones in use. */
  #inCall(): boolean {
    return !!this.session?.localStream;
  }

  /** The stream previewed and measured: the call's own, else the picker's. */
  #stream(): MediaStream | null {
    return this.session?.localStream ?? this.#preview.stream;
  }

  /** The device in use for `kind`: in a call the call's, else the one chosen. */
  #current(kind: DeviceKind): string {
    return (this.#inCall() && this.#sessionDevice(kind)) || this.#chosen[kind];
  }

  /** The device the call uses for `kind`: the one chosen there, else its track's. */
  #sessionDevice(kind: DeviceKind): string {
    const session = this.session;
    const track =
      kind === 'audiooutput'
        ? undefined
        : session?.localStream?.getTracks().find((t) => t.kind === (kind === 'audioinput' ? 'audio' : 'video'));
    return session?.device(kind) || track?.getSettings().deviceId || '';
  }

  #set(kind: DeviceKind, deviceId: string) {
    this.#chosen[kind] = typeof deviceId === 'string' ? deviceId : '';
    this.#pending.add(kind);
    this.requestUpdate();
  }

  /** In a call, switches to devices set through a property since the last update. */
  #applyPending() {
    const kinds = [...this.#pending];
    this.#pending.clear();
    const session = this.session;
    if (!session || !this.#inCall()) return;
    for (const kind of kinds) {
      const id = this.#chosen[kind];
      // After this update: the session's events re-render the picker.
      if (id && id !== this.#sessionDevice(kind))
        queueMicrotask(() => void session.switchDevice(kind, id).catch(() => undefined));
    }
  }

  /** The person chose `deviceId` for `kind`. */
  async #choose(kind: DeviceKind, deviceId: string) {
    this.status = '';
    this.#level.resume();
    const session = this.session;
    if (session && this.#inCall()) {
      try {
        await session.switchDevice(kind, deviceId);
      } catch {
        // The session reports its own failures (`error`, and `rtc-error` on <rtc-room>); show what is in use.
        this.requestUpdate();
        return;
      }
    }
    this.#chosen[kind] = deviceId;
    this.requestUpdate();
    saveDevicePreference(kind, deviceId);
    this.dispatchEvent(new RtcDeviceChangeEvent(kind, deviceId));
  }

  /** A new device list: restores remembered choices, and falls back from devices that went away. */
  #onList(previous: readonly MediaDeviceInfo[], changed: boolean) {
    if (!this.#inCall()) this.#restore();
    if (!changed) return;
    for (const kind of this.#kinds()) {
      const id = this.#current(kind);
      const lost = previous.find((d) => d.kind === kind && d.deviceId === id);
      if (!id || !lost || this.#devices.of(kind).some((d) => d.deviceId === id)) continue;
      const left = this.#devices.of(kind).filter((d) => d.deviceId);
      const fallback = left.find((d) => d.deviceId === 'default') ?? left[0] ?? null;
      // Not remembered: the person's choice stays the one they made, for when it comes back.
      this.#chosen[kind] = fallback?.deviceId ?? '';
      const session = this.session;
      if (session && fallback && this.#inCall())
        void session.switchDevice(kind, fallback.deviceId).catch(() => undefined);
      const label = (device: MediaDeviceInfo) => device.label || this.#strings.term(`device-picker.${NAMES[kind]}`);
      this.status = fallback
        ? this.#strings.term('device-picker.lost', { device: label(lost), fallback: label(fallback) })
        : this.#strings.term('device-picker.lost.none', { device: label(lost) });
      this.dispatchEvent(new RtcDeviceLostEvent(kind, lost, fallback));
    }
  }

  /** Once a kind's devices have ids: the remembered choice, when that device is still there. */
  #restore() {
    const remembered = loadDevicePreferences();
    for (const kind of KINDS) {
      const list = this.#devices.of(kind);
      if (this.#restored.has(kind) || !list.some((d) => d.deviceId)) continue;
      this.#restored.add(kind);
      const id = remembered[kind];
      if (!this.#chosen[kind] && id && list.some((d) => d.deviceId === id)) this.#chosen[kind] = id;
    }
  }

  /** Asks for the camera and microphone (to see their names), then lets go of them. */
  #allow = async () => {
    const kinds = this.#kinds();
    const unnamed = (kind: DeviceKind) => kinds.includes(kind) && this.#devices.unnamed(kind);
    this.asking = true;
    const { stream, errors } = await getLocalMedia({
      audio: unnamed('audioinput') || unnamed('audiooutput'),
      video: unnamed('videoinput'),
    });
    stopStream(stream);
    this.asking = false;
    this.denied = errors.some((e) => e.code === 'media-denied');
    for (const error of errors) this.dispatchEvent(new RtcErrorEvent(error, false));
    await this.#devices.refresh();
  };

  /** Outside a call, previews the chosen camera and microphone with a stream of its own. */
  #syncPreview() {
    const session = this.session;
    const own =
      this.isConnected &&
      !this.noPreview &&
      this.#devices.listed &&
      (!session || session.state === 'idle') &&
      !this.#inCall();
    const kinds = this.#kinds();
    // Only devices whose names show: asking for others would prompt before the person asked.
    const wants = (kind: DeviceKind) =>
      own && kinds.includes(kind) && this.#devices.of(kind).some((d) => d.label) && this.#chosen[kind];
    this.#preview.want(wants('audioinput'), wants('videoinput'));
  }
}

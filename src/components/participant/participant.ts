import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { forwardEvents, forwarded } from '../../controllers/forward-controller.js';
import { ParticipantController } from '../../controllers/participant-controller.js';
import type { Participant } from '../../core/participant.js';
import type { QualityLevel } from '../../core/stats/types.js';
import { RtcErrorEvent } from '../../events/rtc-error.js';
import { RtcPinChangeEvent } from '../../events/rtc-pin-change.js';
import { RtcQualityChangeEvent } from '../../events/rtc-quality-change.js';
import { icon } from '../../styles/icons.js';
import { signalBars } from '../stats/bars.js';
import { styles } from './participant.styles.js';
import { QualityController } from './quality-controller.js';
import { setStates } from '../custom-states.js';

/**
 * Shows `participant` (a core `Participant`): their video (yours mirrored), their name, and
 * badges for a muted microphone, a raised hand and a connection that is not up; a ring while
 * they speak. With `screen`, it shows the screen they share instead. It re-renders on that one
 * participant's events only, so a room of many tiles stays cheap while levels change ten times a
 * second.
 *
 * @tagname rtc-participant
 * @summary One person's tile in a call: video, name, and muted / speaking / hand / connection badges.
 *
 * @csspart base - The tile.
 * @csspart video - The `<rtc-video>` inside.
 * @csspart badges - The row of badges.
 * @csspart muted - The muted-microphone badge.
 * @slot - More badges, after the others (`<rtc-room>` puts a raised hand's place in the order and a reaction there).
 * @csspart hand - The raised-hand badge.
 * @csspart bot - The "Bot" badge of a participant whose state says it is a program (`bot: true`:
 *   a recorder, an assistant; see examples/bot).
 * @csspart status - The "Connecting…" badge while the connection is not up; when it failed, it says
 *   why if it knows (a STUN/TURN server that refused us or could not be reached).
 * @csspart quality - The signal bars: the connection's quality (how well we receive them; on your
 *   own tile, how well the others receive you), named in words for screen readers.
 * @csspart pin - The pin button (shown on hover and focus).
 * @csspart speaking - The ring around the tile while they speak.
 *
 * @cssproperty [--rtc-participant-radius=var(--rtc-radius-m, 12px)] - Corner radius.
 * @cssproperty [--rtc-participant-speaking-color=var(--rtc-color-success)] - The ring around a speaker.
 * @cssproperty [--rtc-participant-badge-background=rgb(0 0 0 / 0.55)] - Behind the badges.
 *
 * @cssstate local - The participant on this page.
 * @cssstate screen - Showing a shared screen.
 * @cssstate speaking - The participant is speaking.
 * @cssstate muted - Their microphone is off.
 * @cssstate camera-off - Their camera is off.
 * @cssstate hand-raised - Their hand is raised.
 * @cssstate bot - A program, not a person (their state's `bot` is true).
 * @cssstate pinned - Pinned (shown large by the room).
 * @cssstate connecting - Their connection is not up (yet, or any more).
 *
 * @cssstate poor - Their connection is poor or lost (see `quality`).
 *
 * @event rtc-quality-change - The quality level of the participant changed (inside an `<rtc-room>`). {@link RtcQualityChangeEvent}
 * @event rtc-pin-change - The pin button was pressed; `event.pinned` is the new value. {@link RtcPinChangeEvent}
 * @event rtc-error - Its `<rtc-video>`'s: the speaker in `sink-id` could not be used (not fatal). {@link RtcErrorEvent}
 */
export class RtcParticipant extends LitElement {
  static override styles = styles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The participant to show. */
  @property({ attribute: false }) participant: Participant | null = null;

  /** Show the screen they share, not their camera. */
  @property({ type: Boolean, reflect: true }) screen = false;

  /** Shown large by the room; the pin button toggles it (and fires `rtc-pin-change`). */
  @property({ type: Boolean, reflect: true }) pinned = false;

  /** The speaker to play through (`setSinkId`), where the browser can choose one. */
  @property({ attribute: 'sink-id' }) sinkId = '';

  /** Hide the pin button (for a room that does not pin, or a tile shown alone). */
  @property({ type: Boolean, attribute: 'no-pin' }) noPin = false;

  /**
   * The connection quality the signal bars show (`good`, `fair`, `poor`, `lost`). Inside an
   * `<rtc-room>` it comes from the room's stats sampler unless set; empty and alone: no bars.
   */
  @property({ reflect: true }) quality: QualityLevel | '' = '';

  #watch = new ParticipantController(this);
  #quality = new QualityController(this, (level, previous) => {
    if (this.participant) this.dispatchEvent(new RtcQualityChangeEvent(this.participant, level, previous));
  });
  #strings = new LocalizeController(this);
  #internals = this.attachInternals();

  constructor() {
    super();
    forwardEvents(this, [forwarded(RtcErrorEvent, (e) => new RtcErrorEvent(e.error, e.fatal))]);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('participant')) this.#watch.participant = this.#quality.participant = this.participant;
  }

  protected override render() {
    const p = this.participant;
    if (!p) return nothing;
    const t = this.#strings;
    const name = p.name || t.term(p.local ? 'room.you' : 'room.guest');
    const label = this.screen
      ? t.term('participant.screen', { name })
      : p.local
        ? t.term('room.you.label', { name })
        : name;
    const link = p.connectionState;
    const connecting = !p.local && link !== 'connected';
    const failed = p.connectionError?.code === 'ice-server' ? 'tile.failed.ice-server' : 'tile.failed';
    const badge = link === 'failed' ? failed : link === 'disconnected' ? 'tile.reconnecting' : 'tile.connecting';
    const muted = !this.screen && p.state.audio === false;
    const hand = !this.screen && p.handRaised;
    const bot = !this.screen && p.state.bot === true;
    const pinLabel = t.term(this.pinned ? 'participant.unpin' : 'participant.pin', {
      name: this.screen ? label : name,
    });
    return html`
      <div part="base">
        <span part="speaking" aria-hidden="true"></span>
        <rtc-video part="video" .participant=${this.screen ? null : p} .stream=${this.screen ? p.screenStream : p.stream}
          name=${label} ?muted=${p.local || this.screen} ?mirrored=${p.local && !this.screen}
          fit=${this.screen ? 'contain' : 'cover'} .sinkId=${this.sinkId}
          ?video-off=${!this.screen && p.state.video === false}></rtc-video>
        <div part="badges">
          ${this.screen ? nothing : signalBars(this.#level(), this.#level() ? t.term(`quality.${this.#level()!}`) : '')}
          ${connecting ? html`<span part="status">${t.term(badge)}</span>` : nothing}
          ${bot ? html`<span part="bot">${t.term('participant.bot')}</span>` : nothing}
          ${hand ? html`<span part="hand" role="img" aria-label=${t.term('participant.hand')}>${icon('hand')}</span>` : nothing}
          ${muted ? html`<span part="muted" role="img" aria-label=${t.term('participant.muted')}>${icon('microphone-off')}</span>` : nothing}
          <slot></slot>
        </div>
        ${
          this.noPin
            ? nothing
            : html`<button part="pin" class="icon-button" type="button" aria-pressed=${this.pinned ? 'true' : 'false'} aria-label=${pinLabel}
                title=${pinLabel} @click=${this.#togglePin}>${icon('pin', '1.1em')}</button>`
        }
      </div>
    `;
  }

  protected override updated(): void {
    const p = this.participant;
    setStates(this.#internals, {
      local: !!p?.local,
      screen: this.screen,
      speaking: !this.screen && !!p?.speaking,
      muted: !this.screen && p?.state.audio === false,
      'camera-off': !this.screen && p?.state.video === false,
      'hand-raised': !this.screen && !!p?.handRaised,
      bot: p?.state.bot === true,
      pinned: this.pinned,
      connecting: !!p && !p.local && p.connectionState !== 'connected',
      poor: this.#level() === 'poor' || this.#level() === 'lost',
    });
  }

  #level(): QualityLevel | null {
    return this.quality || this.#quality.level;
  }

  #togglePin = () => {
    if (!this.participant) return;
    this.pinned = !this.pinned;
    this.dispatchEvent(new RtcPinChangeEvent(this.participant, this.pinned));
  };
}

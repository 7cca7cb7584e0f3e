/**
 * `<rtc-room>`'s meeting, loaded the first time its session hears of one (`meeting-view.ts`): the
 * waiting notice, what a host did to you, the reaction buttons, the hands in order, and the
 * hosts' controls (lock, end, the knocks, each person's mute, camera and remove). It imports
 * nothing of Lit's: the room hands over `html` and `nothing`, so the part carries no copy.
 */
import type { html as Html, nothing as Nothing } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import { Meeting, REACTIONS, type Reaction } from '../../core/meeting.js';
import type { Participant } from '../../core/participant.js';
import type { RoomSession } from '../../core/room-types.js';

/** Its English strings, which the room adds as the part loads (`addEnglish`): only data, no copy of the kit's. */
export { meetingEn } from '../../i18n/meeting.strings.js';

/** What the room hands over. */
export interface MeetingKit {
  html: typeof Html;
  nothing: typeof Nothing;
  t: LocalizeController;
  /** Says a text in the room's polite live region. */
  say(text: string): void;
  /** Renders the room again. */
  update(): void;
}

/** How long a reaction stays on its tile, and a host's doing in its line, in milliseconds. */
const REACTION_MS = 4000;
const NOTICE_MS = 8000;

const CSS = `
.meeting { display: flex; flex-wrap: wrap; gap: var(--rtc-space-s, 8px); align-items: flex-start; padding-block: var(--rtc-space-s, 8px); }
.meeting:empty { display: none; }
.meeting section, .meeting [part=reactions] { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.meeting ol, .meeting ul { margin: 0; padding-inline-start: 1.4em; }
.meeting li { margin-block: 2px; }
.meeting p { margin: 0; }
.meeting button { font: inherit; padding: 2px 8px; border-radius: var(--rtc-radius-s, 6px); border: 1px solid currentColor; background: transparent; color: inherit; cursor: pointer; }
[part=hand-position], [part=reaction] { display: inline-flex; padding: 0 6px; border-radius: 6px; background: rgb(0 0 0 / 0.6); color: #ffd66b; }
[part=reaction] { font-size: 1.5em; background: none; }
[part=host-menu] { position: relative; }
[part=host-menu] summary { cursor: pointer; padding: 0 8px; border-radius: 6px; background: rgb(0 0 0 / 0.6); color: #fff; list-style: none; }
[part=host-menu] div { position: absolute; inset-inline-end: 0; bottom: 100%; z-index: 1; display: grid; gap: 2px; padding: 4px; border-radius: 6px; background: var(--rtc-color-surface, #fff); color: var(--rtc-color-text, #111); }
[part=host-menu] button { font: inherit; padding: 2px 8px; border-radius: 4px; border: 1px solid currentColor; background: transparent; color: inherit; cursor: pointer; white-space: nowrap; }
`;

export class MeetingPart {
  readonly meeting: Meeting;
  #reactions = new Map<string, { emoji: Reaction; timer: ReturnType<typeof setTimeout> }>();
  #notice = '';
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly session: RoomSession,
    readonly kit: MeetingKit,
  ) {
    const meeting = new Meeting(session);
    this.meeting = meeting;
    meeting.addEventListener('change', kit.update);
    meeting.addEventListener('waiting', kit.update);
    meeting.addEventListener('reaction', ({ detail: { participant, emoji } }) => {
      const shown = this.#reactions.get(participant.id);
      clearTimeout(shown?.timer);
      const timer = setTimeout(() => {
        this.#reactions.delete(participant.id);
        kit.update();
      }, REACTION_MS);
      this.#reactions.set(participant.id, { emoji, timer });
      if (!participant.local) kit.say(kit.t.term('announce.reaction', { name: this.#name(participant), emoji }));
      kit.update();
    });
    meeting.addEventListener('ask', ({ detail: { from, action } }) => {
      this.#notice = kit.t.term(`meeting.asked.${action}`, {
        name: from ? this.#name(from) : kit.t.term('room.guest'),
      });
      kit.say(this.#notice);
      clearTimeout(this.#noticeTimer);
      this.#noticeTimer = setTimeout(() => {
        this.#notice = '';
        kit.update();
      }, NOTICE_MS);
      kit.update();
    });
  }

  #name(participant: Participant | undefined): string {
    return participant?.name || this.kit.t.term(participant?.local ? 'room.you' : 'room.guest');
  }

  #nameOf(id: string): string {
    const local = this.session.local;
    return this.#name(local?.id === id ? local : this.session.remote.get(id));
  }

  region(): unknown {
    const { html, nothing, t } = this.kit;
    const meeting = this.meeting;
    const local = this.session.local;
    const host = meeting.isHost;
    const hands = meeting.state.hands;
    const button = (part: string, label: string, act: () => void) =>
      html`<button part=${part} type="button" @click=${act}>${label}</button>`;
    return html`<style>${CSS}</style><div part="meeting" class="meeting">${
      meeting.waiting ? html`<p part="waiting" role="status">${t.term('meeting.waiting')}</p>` : nothing
    }${this.#notice ? html`<p part="asked">${this.#notice}</p>` : nothing}${
      local
        ? html`<div part="reactions" role="group" aria-label=${t.term('meeting.reactions')}>${REACTIONS.map((emoji) =>
            button('react', emoji, () => meeting.react(emoji)),
          )}</div>`
        : nothing
    }${
      local && hands.length > 0
        ? html`<section part="hands" aria-label=${t.term('meeting.hands')}><ol>${hands.map(
            (id) =>
              html`<li>${this.#nameOf(id)} ${host ? button('lower', t.term('meeting.lower'), () => meeting.lowerHand(id)) : nothing}</li>`,
          )}</ol>${
            host
              ? html`${button('next-hand', t.term('meeting.next'), () => meeting.nextHand())}${button(
                  'lower-hands',
                  t.term('meeting.lower-all'),
                  () => meeting.lowerHands(),
                )}`
              : nothing
          }</section>`
        : nothing
    }${local && host ? this.#hostControls() : nothing}</div>`;
  }

  #hostControls(): unknown {
    const { html, nothing, t } = this.kit;
    const meeting = this.meeting;
    const locked = meeting.state.locked;
    const knocks = meeting.knocks;
    const button = (part: string, label: string, act: () => void) =>
      html`<button part=${part} type="button" @click=${act}>${label}</button>`;
    return html`<section part="host" aria-label=${t.term('meeting.people')}>${button(
      'lock',
      t.term(locked ? 'meeting.unlock' : 'meeting.lock'),
      () => meeting.lock(!locked),
    )}${button('end', t.term('meeting.end'), () => meeting.end())}${
      knocks.length > 0
        ? html`<ul part="knocks" aria-label=${t.term('meeting.knocks')}>${knocks.map(
            (knock) =>
              html`<li>${knock.name || t.term('room.guest')} ${button('admit', t.term('meeting.admit'), () => meeting.admit(knock.id))}${button(
                'deny',
                t.term('meeting.deny'),
                () => meeting.deny(knock.id),
              )}</li>`,
          )}</ul>${button('admit-all', t.term('meeting.admit-all'), () => meeting.admit())}${button(
            'deny-all',
            t.term('meeting.deny-all'),
            () => meeting.deny(),
          )}`
        : nothing
    }<ul part="people">${[...this.session.remote.values()].map(
      (p) => html`<li data-participant=${p.id}>${this.#name(p)} ${this.#personControls(p)}</li>`,
    )}</ul></section>`;
  }

  /** A host's controls for one person: each a button (the tile's menu and the people list). */
  #personControls(p: Participant): unknown {
    const { html, t } = this.kit;
    const meeting = this.meeting;
    const button = (part: string, label: string, act: () => void) =>
      html`<button part=${part} type="button" @click=${act}>${label}</button>`;
    return html`${button('mute', t.term('meeting.mute'), () => meeting.mute(p.id))}${button(
      'camera-off',
      t.term('meeting.camera-off'),
      () => meeting.cameraOff(p.id),
    )}${
      meeting.handPosition(p.id) > 0 ? button('lower', t.term('meeting.lower'), () => meeting.lowerHand(p.id)) : ''
    }${button('remove', t.term('meeting.remove'), () => meeting.remove(p.id))}`;
  }

  badges(participant: Participant): unknown {
    const { html, nothing, t } = this.kit;
    const position = this.meeting.handPosition(participant.id);
    const reaction = this.#reactions.get(participant.id)?.emoji;
    const menu =
      this.meeting.isHost && !participant.local
        ? html`<details part="host-menu"><summary aria-label=${t.term('meeting.menu', { name: this.#name(participant) })}>⋯</summary><div>${this.#personControls(participant)}</div></details>`
        : nothing;
    return html`${menu}${
      position > 0
        ? html`<span part="hand-position" role="img" aria-label=${t.term('meeting.hand-position', { position: String(position) })}>${position}</span>`
        : nothing
    }${reaction ? html`<span part="reaction" aria-hidden="true">${reaction}</span>` : nothing}`;
  }

  dispose(): void {
    this.meeting.dispose();
    clearTimeout(this.#noticeTimer);
    for (const { timer } of this.#reactions.values()) clearTimeout(timer);
  }
}

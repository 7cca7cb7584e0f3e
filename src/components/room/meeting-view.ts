import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { Participant } from '../../core/participant.js';
import type { MeetingServerMessage } from '../../core/protocol.js';
import type { RoomEventMap, RoomSession } from '../../core/room-types.js';
import { addEnglish } from '../../i18n/localize.js';
import type { MeetingPart } from './meeting-part.js';

/**
 * `<rtc-room>`'s meeting (protocol 1.2: the waiting room, hosts' controls, hands, reactions). Its
 * code (`meeting-part.ts`, with the core's `Meeting`) loads the first time the session hears of
 * a meeting; what it hears meanwhile waits for it.
 */
export class MeetingView {
  #session: RoomSession | null = null;
  #part: MeetingPart | undefined;
  #heard: MeetingServerMessage[] = [];
  #onMeeting = ({ detail }: RoomEventMap['meeting']) => {
    if (this.#part) return;
    this.#heard.push(detail);
    void this.#load(this.#session!);
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly t: LocalizeController,
    private readonly say: (text: string) => void,
  ) {}

  /** Follows the session shown (called as the room renders). */
  watch(session: RoomSession | null): void {
    if (session === this.#session) return;
    this.#session?.removeEventListener('meeting', this.#onMeeting);
    this.#part?.dispose();
    this.#part = undefined;
    this.#heard = [];
    this.#session = session;
    session?.addEventListener('meeting', this.#onMeeting);
    if (session?.meeting) void this.#load(session);
  }

  async #load(session: RoomSession): Promise<void> {
    const { MeetingPart, meetingEn } = await import('./meeting-part.js');
    addEnglish(meetingEn);
    if (session !== this.#session || this.#part) return;
    const update = () => this.host.requestUpdate();
    this.#part = new MeetingPart(session, { html, nothing, t: this.t, say: this.say, update });
    for (const message of this.#heard.splice(0)) this.#part.meeting.receive(message);
    update();
  }

  /** The meeting's region under the stage: waiting, what a host did, reactions, hands, hosts' controls. */
  region(): unknown {
    return this.#part?.region() ?? nothing;
  }

  /** A tile's meeting badges: its hand's place in the order, a reaction just sent. */
  badges(participant: Participant, screen: boolean): unknown {
    return screen ? nothing : (this.#part?.badges(participant) ?? nothing);
  }
}

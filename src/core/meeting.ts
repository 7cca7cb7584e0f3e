/**
 * The meeting part of a room (protocol 1.2): hosts and their actions, the waiting room, the order
 * of raised hands, reactions. Not in the core's bundle: import it from `rtc-elements/meeting`
 * (the elements load it the first time a room hears of a meeting). The server enforces every
 * rule; this only says what a host asked, and does what it asks of this participant (mute, camera
 * off, lower the hand: nobody is ever unmuted remotely).
 *
 * ```ts
 * const meeting = new Meeting(room);
 * meeting.addEventListener('reaction', (e) => show(e.detail.participant, e.detail.emoji));
 * if (meeting.isHost) meeting.lock();
 * ```
 */
import type { Participant } from './participant.js';
import {
  type Ask,
  type HostAction,
  type Knock,
  type MeetingServerMessage,
  type MeetingState,
  REACTIONS,
  type Reaction,
} from './protocol-meeting.js';
import { reactionBucket, takeReaction } from './reaction-bucket.js';
import type { RoomEventMap, RoomSession } from './room-types.js';
import { TypedEventTarget } from './typed-event-target.js';

export { REACTIONS, type Reaction };

export interface MeetingEventMap {
  /** The meeting state changed: hosts, lock, hands or knocks. */
  change: CustomEvent<{ state: MeetingState }>;
  /** A host asked this participant to mute, turn its camera off, or lower its hand (it is done). */
  ask: CustomEvent<{ from: Participant | undefined; action: Ask }>;
  /** `participant` reacted (this participant's own reactions included). */
  reaction: CustomEvent<{ participant: Participant; emoji: Reaction }>;
  /** This participant waits for a host to let it in. */
  waiting: CustomEvent<{ room: string }>;
}

const EMPTY: MeetingState = { hosts: [], locked: false, hands: [] };

/** A room's meeting: read its state, act as a host, raise a hand, react. */
export class Meeting extends TypedEventTarget<MeetingEventMap> {
  #waiting = false;
  #reactions = reactionBucket();
  #onMessage = ({ detail }: RoomEventMap['meeting']) => this.receive(detail);

  constructor(readonly room: RoomSession) {
    super();
    room.addEventListener('meeting', this.#onMessage);
  }

  /** The state as the server last sent it (empty before it sent any). */
  get state(): MeetingState {
    return this.room.meeting ?? EMPTY;
  }

  /** True while this participant is a host. */
  get isHost(): boolean {
    return this.isHostId(this.room.local?.id);
  }

  /** True when participant `id` is a host. */
  isHostId(id: string | undefined): boolean {
    return id !== undefined && this.state.hosts.includes(id);
  }

  /** True while this participant waits in the waiting room. */
  get waiting(): boolean {
    return this.#waiting && this.room.state === 'connecting';
  }

  /** Where participant `id`'s hand is in the order: 1 for the first raised, 0 when it is down. */
  handPosition(id: string): number {
    return this.state.hands.indexOf(id) + 1;
  }

  /** Who waits to be let in (hosts only). */
  get knocks(): readonly Knock[] {
    return this.state.knocks ?? [];
  }

  /** Raises or lowers this participant's hand (its place in the order is the server's). */
  raiseHand(up: boolean): void {
    this.room.setState({ hand: up });
  }

  /**
   * Sends a reaction to everyone, and shows it here (`reaction` with this participant). Over the
   * server's rate limit (src/core/reaction-bucket.ts) it does neither, and returns false: the
   * server would refuse it, so nobody else would see it.
   */
  react(emoji: Reaction): boolean {
    if (!takeReaction(this.#reactions, Date.now())) return false;
    this.room.meet?.({ type: 'reaction', data: { emoji } });
    const local = this.room.local;
    if (local) this.#emit('reaction', { participant: local, emoji });
    return true;
  }

  /** A host action (the server refuses it from a participant that is not a host: `not-host`). */
  act(action: HostAction, to?: string): void {
    this.room.meet?.({ type: 'host', data: to === undefined ? { action } : { action, to } });
  }

  /** Asks `id` to mute. */
  mute(id: string): void {
    this.act('mute', id);
  }
  /** Asks `id` to turn its camera off. */
  cameraOff(id: string): void {
    this.act('camera-off', id);
  }
  /** Lowers `id`'s hand. */
  lowerHand(id: string): void {
    this.act('lower-hand', id);
  }
  /** Lowers every hand. */
  lowerHands(): void {
    this.act('lower-hands');
  }
  /** Lowers the first hand raised: its turn. */
  nextHand(): void {
    this.act('next-hand');
  }
  /** Removes `id` from the call (its token may not rejoin for a while). */
  remove(id: string): void {
    this.act('remove', id);
  }
  /** No new joins (true), or joins again (false). */
  lock(locked = true): void {
    this.act(locked ? 'lock' : 'unlock');
  }
  /** Ends the call for everyone. */
  end(): void {
    this.act('end');
  }
  /** Lets knock `id` in, or every knock. */
  admit(id?: string): void {
    this.act(id === undefined ? 'admit-all' : 'admit', id);
  }
  /** Turns knock `id` away, or every knock. */
  deny(id?: string): void {
    this.act(id === undefined ? 'deny-all' : 'deny', id);
  }

  /** Stops listening to the room. */
  dispose(): void {
    this.room.removeEventListener('meeting', this.#onMessage);
  }

  #emit<K extends keyof MeetingEventMap>(type: K, detail: MeetingEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Handles a meeting message the room heard before this `Meeting` was made (the room's `meeting` event's). */
  receive(message: MeetingServerMessage): void {
    const room = this.room;
    switch (message.type) {
      case 'meeting':
        this.#emit('change', { state: this.state });
        return;
      case 'waiting':
        this.#waiting = true;
        this.#emit('waiting', { room: message.data.room });
        return;
      case 'reaction': {
        const participant = room.remote.get(message.from);
        if (participant && REACTIONS.includes(message.data?.emoji))
          this.#emit('reaction', { participant, emoji: message.data.emoji });
        return;
      }
      case 'ask': {
        const action = message.data?.action;
        if (action === 'mute') void room.setMicrophoneEnabled(false);
        else if (action === 'camera-off') void room.setCameraEnabled(false);
        else if (action === 'lower-hand') room.setState({ hand: false });
        else return;
        this.#emit('ask', { from: room.remote.get(message.from), action });
      }
    }
  }
}

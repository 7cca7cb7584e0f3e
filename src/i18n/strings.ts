/**
 * Every visible and accessible string of every element, in English. A page replaces them as a
 * whole (a complete table for a language) or key by key with `setStrings(lang, partial)`.
 *
 * `{name}`-style placeholders are filled in by the element. Plurals are objects keyed by
 * `Intl.PluralRules` categories (`zero`, `one`, `two`, `few`, `many`, `other`); `other` is required.
 */
import type { ChatStrings, chatEn } from './chat.strings.js';
import { type ControlsStrings, controlsEn } from './controls.strings.js';
import type { DevicePickerStrings, devicePickerEn } from './device-picker.strings.js';
import type { ErrorStrings } from './errors.strings.js';
import type { MeetingStrings } from './meeting.strings.js';
import { type ParticipantStrings, participantEn } from './participant.strings.js';
import type { PrecallStrings } from './precall.strings.js';
import { qualityEn, type StatsStrings, type statsEn } from './stats.strings.js';

/** A string whose wording depends on a count: `{ one: '{count} person', other: '{count} people' }`. */
export type PluralStrings = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** `<rtc-room>`, `<rtc-video>` and the notices they show (the errors are in `errors.strings.ts`). */
export interface RoomStrings {
  /** The room's accessible name, with and without a room name. */
  'room.label': string;
  'room.label.named': string;
  'room.status.idle': string;
  'room.status.connecting': string;
  'room.status.connected': string;
  'room.status.reconnecting': string;
  'room.status.closed': string;
  'room.status.error': string;
  /** How many people are in the room, after "Connected". */
  'room.people': PluralStrings;
  /** Shown while you are the only one in the room. */
  'room.waiting': string;
  'room.retry': string;
  /** While reconnecting: when the next try starts (a count of seconds), a try under way, and the button. */
  'room.reconnect.in': PluralStrings;
  'room.reconnect.now': string;
  'room.retry-now': string;
  /** Name of a participant who has none: yourself, someone else. */
  'room.you': string;
  'room.guest': string;
  /** Your own tile's label. */
  'room.you.label': string;
  'tile.connecting': string;
  'tile.reconnecting': string;
  'tile.failed': string;
  /** A connection failed after a STUN/TURN server refused us or could not be reached. */
  'tile.failed.ice-server': string;
  /** What could not be used (non-fatal: the room goes on). */
  'notice.denied.camera': string;
  'notice.denied.microphone': string;
  'notice.denied.both': string;
  'notice.denied.screen': string;
  'notice.unavailable.camera': string;
  'notice.unavailable.microphone': string;
  'notice.unavailable.both': string;
  'notice.unavailable.screen': string;
  'notice.insecure': string;
  /** What you are left with after a media problem. */
  'notice.microphone-only': string;
  'notice.camera-only': string;
  'notice.receive-only': string;
  /** A device in use by another app, or unable to do what was asked (non-fatal). */
  'notice.busy.camera': string;
  'notice.busy.microphone': string;
  'notice.busy.both': string;
  'notice.constraints.camera': string;
  'notice.constraints.microphone': string;
  'notice.constraints.both': string;
  /** A device that stopped during the call, with no other to take over: it is off. */
  'notice.lost.camera': string;
  'notice.lost.microphone': string;
  /** The button that tries to open a device again. */
  'notice.retry': string;
  'video.label': string;
  'video.play-sound': string;
  /** The lobby's name field and button. */
  'lobby.name': string;
  /** The side panel's titles and close button. */
  'room.chat': string;
  'room.settings': string;
  'room.close-panel': string;
  'lobby.join': string;
  /** The lobby's button that shows the pre-call check. */
  'lobby.check': string;
  /** What the live region says (never about yourself). */
  'announce.joined': string;
  'announce.left': string;
  'announce.muted': string;
  'announce.unmuted': string;
  'announce.hand': string;
  'announce.hand-down': string;
}

export const roomEn: RoomStrings = {
  'room.label': 'Video room',
  'room.label.named': 'Video room {room}',
  'room.status.idle': 'Not in a room',
  'room.status.connecting': 'Connecting…',
  'room.status.connected': 'Connected',
  'room.status.reconnecting': 'Reconnecting…',
  'room.status.closed': 'Left the room',
  'room.status.error': 'Not connected',
  'room.people': { one: '{count} person', other: '{count} people' },
  'room.waiting': 'Waiting for others to join “{room}”…',
  'room.retry': 'Try again',
  'room.reconnect.in': { one: 'Next try in {count} second.', other: 'Next try in {count} seconds.' },
  'room.reconnect.now': 'Trying to reconnect…',
  'room.retry-now': 'Retry now',
  'room.you': 'You',
  'room.guest': 'Guest',
  'room.you.label': '{name} (you)',
  'tile.connecting': 'Connecting…',
  'tile.reconnecting': 'Reconnecting…',
  'tile.failed': 'Connection failed',
  'tile.failed.ice-server': 'Connection failed: a relay (TURN/STUN) server could not be used',
  'notice.denied.camera': 'Permission to use the camera was refused.',
  'notice.denied.microphone': 'Permission to use the microphone was refused.',
  'notice.denied.both': 'Permission to use the camera and microphone was refused.',
  'notice.denied.screen': 'Screen sharing was not allowed.',
  'notice.unavailable.camera': 'The camera could not be started.',
  'notice.unavailable.microphone': 'The microphone could not be started.',
  'notice.unavailable.both': 'The camera and microphone could not be started.',
  'notice.unavailable.screen': 'The screen could not be shared.',
  'notice.insecure': 'This page cannot use a camera or microphone (it needs HTTPS).',
  'notice.microphone-only': 'You joined with your microphone only.',
  'notice.camera-only': 'You joined with your camera only.',
  'notice.receive-only': 'You joined without camera or microphone: you can watch and listen.',
  'notice.busy.camera': 'The camera is in use by another app.',
  'notice.busy.microphone': 'The microphone is in use by another app.',
  'notice.busy.both': 'The camera and microphone are in use by another app.',
  'notice.constraints.camera': 'No camera can do what this page asked.',
  'notice.constraints.microphone': 'No microphone can do what this page asked.',
  'notice.constraints.both': 'No camera or microphone can do what this page asked.',
  'notice.lost.camera': 'Your camera stopped and no other camera could take over: it is off.',
  'notice.lost.microphone': 'Your microphone stopped and no other microphone could take over: you are muted.',
  'notice.retry': 'Try again',
  'video.label': 'Video',
  'video.play-sound': 'Play sound',
  'lobby.name': 'Your name',
  'room.chat': 'Chat',
  'room.settings': 'Settings',
  'room.close-panel': 'Close',
  'lobby.join': 'Join',
  'lobby.check': 'Check your setup',
  'announce.joined': '{name} joined',
  'announce.left': '{name} left',
  'announce.muted': '{name} turned their microphone off',
  'announce.unmuted': '{name} turned their microphone on',
  'announce.hand': '{name} raised their hand',
  'announce.hand-down': '{name} lowered their hand',
};

// One table for every element: each element's strings live in a file of their own beside this one
// (`<element>.strings.ts`, an interface and its English values), joined here.

export interface Strings
  extends RoomStrings,
    ParticipantStrings,
    ControlsStrings,
    DevicePickerStrings,
    ChatStrings,
    StatsStrings,
    MeetingStrings,
    PrecallStrings,
    ErrorStrings {}

/**
 * Every string but the errors', the pre-call check's, the meeting's and those of the elements loaded
 * when first used (the chat, the device picker, the stats but their quality levels): what the kit
 * shows up front.
 */
export type BaseStrings = Omit<
  Strings,
  | keyof ErrorStrings
  | keyof PrecallStrings
  | keyof MeetingStrings
  | keyof typeof chatEn
  | keyof typeof devicePickerEn
  | keyof typeof statsEn
>;

/**
 * The English strings the kit carries up front. The English error texts (`errors.strings.ts`) are
 * loaded the first time one is needed (`localize.ts`); `<rtc-chat>`, `<rtc-device-picker>`,
 * `<rtc-stats>`, `<rtc-precall-check>` and the room's meeting bring their own (`addEnglish`); `en`
 * (`english.ts`) is the whole English table.
 */
export const baseEn: BaseStrings = {
  ...roomEn,
  ...participantEn,
  ...controlsEn,
  ...qualityEn,
};

import type { RtcErrorCode } from '../core/errors.js';

/** What a person can do about an error: one line, shared by several codes (see `errors.ts`). */
export type ErrorHint = 'retry' | 'later' | 'link' | 'name' | 'report' | 'browser' | 'devices' | 'network';

/**
 * What the person in the room reads when something goes wrong, by the error's `code`: a title
 * for every code the core and the server report (`error.<code>`, so a code added to
 * `RtcErrorCode` without its title fails the type check), `error.other` for a code this version
 * does not know, a hint of what to do (`error.hint.<hint>`), and how the two make one sentence
 * for a screen reader (`error.text`). The English `message` of the `RtcError` stays for developers.
 */
export type ErrorStrings = Record<
  `error.${RtcErrorCode}` | 'error.other' | `error.hint.${ErrorHint}` | 'error.text',
  string
>;

export const errorsEn: ErrorStrings = {
  'error.invalid-room': 'Invalid room name.',
  'error.invalid-name': 'Invalid name.',
  'error.invalid-state': 'Your status could not be shared.',
  'error.invalid-server': 'The call server’s address is not valid.',
  'error.server-unreachable': 'Cannot reach the server.',
  'error.connection-lost': 'Connection lost.',
  'error.connection-closed': 'The server ended the connection.',
  'error.media-denied': 'Camera or microphone access was refused.',
  'error.media-unavailable': 'The camera or microphone could not be started.',
  'error.media-busy': 'The camera or microphone is in use by another app.',
  'error.media-constraints': 'No camera or microphone can do what this page asked.',
  'error.device-lost': 'A camera or microphone stopped working.',
  'error.ice-server': 'A relay server (TURN/STUN) could not be used.',
  'error.webrtc-unsupported': 'This browser cannot make video calls.',
  'error.peer-failed': 'The connection to someone in the call failed.',
  'error.protocol-violation': 'The server sent something this page does not understand.',
  'error.bad-json': 'The server could not read a message from this page.',
  'error.bad-message': 'The server refused a message from this page.',
  'error.unknown-type': 'The server did not recognise a message from this page.',
  'error.not-joined': 'Not in the call yet.',
  'error.already-joined': 'Already in the call.',
  'error.unknown-peer': 'That person is no longer in the call.',
  'error.room-full': 'The room is full.',
  'error.unauthorized': 'Not allowed in.',
  'error.rate-limited': 'Too many requests at once.',
  'error.too-large': 'A message was too large for the server.',
  'error.not-host': 'Only a host can do that.',
  'error.locked': 'The room is locked.',
  'error.banned': 'You were removed from this room and cannot rejoin yet.',
  'error.removed': 'A host removed you from the call.',
  'error.denied': 'A host did not let you in.',
  'error.ended': 'A host ended the call for everyone.',
  'error.other': 'Something went wrong.',
  'error.hint.retry': 'Check your internet connection, then try again.',
  'error.hint.later': 'Try again in a moment.',
  'error.hint.link': 'Check the link you were given, or ask for a new one.',
  'error.hint.name': 'A name can have up to 64 characters.',
  'error.hint.report': 'If it keeps happening, let the people who run this site know.',
  'error.hint.browser': 'Open this page in an up-to-date Chrome, Edge, Firefox or Safari.',
  'error.hint.devices': 'Check that your camera and microphone are connected and allowed for this site.',
  'error.hint.network': 'A firewall or this network may be blocking calls: try another network.',
  'error.text': '{title} {hint}',
};

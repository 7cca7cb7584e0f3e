/** Protocol 1.2's meetings in `<rtc-room>`: the waiting room, hosts' controls, hands and reactions. */
export interface MeetingStrings {
  /** In `<rtc-room>` while a waiting room holds you (1.2). */
  'meeting.waiting': string;
  'meeting.reactions': string;
  'meeting.hands': string;
  'meeting.knocks': string;
  /** A host's buttons by each knock, each person, each hand. */
  'meeting.admit': string;
  'meeting.deny': string;
  'meeting.admit-all': string;
  'meeting.deny-all': string;
  'meeting.people': string;
  /** A remote tile's menu of a host's controls (its button's name). */
  'meeting.menu': string;
  'meeting.mute': string;
  'meeting.camera-off': string;
  'meeting.remove': string;
  'meeting.lower': string;
  'meeting.next': string;
  'meeting.lower-all': string;
  'meeting.lock': string;
  'meeting.unlock': string;
  'meeting.end': string;
  /** A tile's badge: the place of its hand in the order. */
  'meeting.hand-position': string;
  /** What a host did to you (you are told who). */
  'meeting.asked.mute': string;
  'meeting.asked.camera-off': string;
  'meeting.asked.lower-hand': string;
  /** What the live region says of a reaction. */
  'announce.reaction': string;
}

export const meetingEn: MeetingStrings = {
  'meeting.waiting': 'Waiting for a host to let you in…',
  'meeting.reactions': 'Reactions',
  'meeting.hands': 'Raised hands',
  'meeting.knocks': 'Waiting to join',
  'meeting.admit': 'Let in',
  'meeting.deny': 'Turn away',
  'meeting.admit-all': 'Let everyone in',
  'meeting.deny-all': 'Turn everyone away',
  'meeting.people': 'Host controls',
  'meeting.menu': 'Host controls for {name}',
  'meeting.mute': 'Mute',
  'meeting.camera-off': 'Camera off',
  'meeting.remove': 'Remove',
  'meeting.lower': 'Lower hand',
  'meeting.next': 'Next hand',
  'meeting.lower-all': 'Lower all hands',
  'meeting.lock': 'Lock the room',
  'meeting.unlock': 'Unlock the room',
  'meeting.end': 'End for everyone',
  'meeting.hand-position': 'Hand raised, number {position}',
  'meeting.asked.mute': '{name} muted your microphone',
  'meeting.asked.camera-off': '{name} turned your camera off',
  'meeting.asked.lower-hand': '{name} lowered your hand',
  'announce.reaction': '{name} reacted {emoji}',
};

/** `<rtc-participant>`: a tile's labels and badges. */
export interface ParticipantStrings {
  /** A shared screen's label. */
  'participant.screen': string;
  'participant.muted': string;
  'participant.camera-off': string;
  'participant.hand': string;
  /** The badge of a participant whose state says it is a program (`bot: true`), e.g. a recorder. */
  'participant.bot': string;
  'participant.speaking': string;
  'participant.pin': string;
  'participant.unpin': string;
}

export const participantEn: ParticipantStrings = {
  'participant.screen': '{name} is presenting',
  'participant.muted': 'Microphone off',
  'participant.camera-off': 'Camera off',
  'participant.hand': 'Hand raised',
  'participant.bot': 'Bot',
  'participant.speaking': 'Speaking',
  'participant.pin': 'Pin {name}',
  'participant.unpin': 'Unpin {name}',
};

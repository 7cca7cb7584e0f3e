/**
 * `<rtc-precall-check>` and the lobby's button that opens it. The English ones travel with the
 * element's chunk (it registers them with `addEnglish` as it loads), not in the kit up front.
 */
export interface PrecallStrings {
  /** The check's accessible name, and the lobby's button that shows it. */
  'precall.label': string;
  'precall.start': string;
  'precall.again': string;
  'precall.camera': string;
  'precall.microphone': string;
  'precall.speaker': string;
  'precall.network': string;
  'precall.waiting': string;
  'precall.checking': string;
  /** The verdicts. */
  'precall.good': string;
  'precall.fair': string;
  'precall.bad': string;
  'precall.camera.detail': string;
  'precall.microphone.detail': string;
  /** The microphone's live level (the meter's name). */
  'precall.level': string;
  'precall.speaker.detail': string;
  'precall.play': string;
  /** Round trip (ms), loss (%) and bitrate (Mb/s) through the relay. */
  'precall.network.detail': string;
  'precall.network.no-relay': string;
  'precall.network.failed': string;
  /** Announced when the check ends, with the overall verdict. */
  'precall.done': string;
}

export const precallEn: PrecallStrings = {
  'precall.label': 'Check your setup',
  'precall.start': 'Start the check',
  'precall.again': 'Check again',
  'precall.camera': 'Camera',
  'precall.microphone': 'Microphone',
  'precall.speaker': 'Speaker',
  'precall.network': 'Network',
  'precall.waiting': 'Not checked yet',
  'precall.checking': 'Checking…',
  'precall.good': 'Good',
  'precall.fair': 'Could be better',
  'precall.bad': 'Not working',
  'precall.camera.detail': '{fps} frames a second',
  'precall.microphone.detail': 'Loudest level heard: {level} %',
  'precall.level': 'Microphone level',
  'precall.speaker.detail': 'A chime played on this speaker. Did you hear it?',
  'precall.play': 'Play the chime again',
  'precall.network.detail': '{rtt} ms round trip, {loss} % lost, {rate} Mb/s',
  'precall.network.no-relay': 'The server offers no relay to test through.',
  'precall.network.failed': 'No connection through the server’s relay.',
  'precall.done': 'Check complete: {verdict}',
};

/**
 * Realistic signaling payloads for the load benchmark: session descriptions shaped like the
 * ones a current Chromium puts in `createOffer()` / `createAnswer()` for one audio track, one
 * video track and a data channel (about 3.5 to 4 KB of SDP text), and trickled ICE candidates.
 *
 * The text is random where a browser's is (ICE credentials, fingerprint, SSRCs, cname, ids), so
 * no two connections send byte-identical descriptions.
 */
import { randomBytes, randomInt } from 'node:crypto';

const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function iceString(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ICE_CHARS[randomInt(ICE_CHARS.length)];
  return text;
}

function fingerprint(): string {
  return [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

function ssrc(): number {
  return randomInt(1, 2 ** 32 - 1);
}

/** Credentials of one side's ICE agent, shared by its description and its candidates. */
export interface IceIdentity {
  ufrag: string;
  pwd: string;
}

export function iceIdentity(): IceIdentity {
  return { ufrag: iceString(4), pwd: iceString(24) };
}

/** The video codecs Chromium offers, with their RTX companions (payload type, rtx, rtpmap, fmtp). */
const VIDEO_CODECS: ReadonlyArray<[number, number, string, string | undefined]> = [
  [96, 97, 'VP8/90000', undefined],
  [98, 99, 'VP9/90000', 'profile-id=0'],
  [102, 103, 'H264/90000', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f'],
  [106, 107, 'H264/90000', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'],
  [45, 46, 'AV1/90000', 'level-idx=5;profile=0;tier=0'],
];

/**
 * One session description as Chromium writes it. An answer has `a=setup:active` and keeps only the
 * codecs both sides chose (here: VP8, VP9 profile 0, H264 42e01f), which makes it a little shorter.
 */
export function sessionDescription(kind: 'offer' | 'answer', ice: IceIdentity): string {
  const sessionId = `${randomInt(1, 2 ** 48 - 1)}${randomInt(100000, 999999)}`;
  const streamId = randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
  const audioTrack = randomBytes(16).toString('hex');
  const videoTrack = randomBytes(16).toString('hex');
  const cname = iceString(16);
  const fp = fingerprint();
  const setup = kind === 'offer' ? 'actpass' : 'active';
  const codecs = kind === 'offer' ? VIDEO_CODECS : VIDEO_CODECS.filter(([pt]) => pt === 96 || pt === 98 || pt === 106);
  const transport = [
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=ice-ufrag:${ice.ufrag}`,
    `a=ice-pwd:${ice.pwd}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fp}`,
    `a=setup:${setup}`,
  ];
  const audioSsrc = ssrc();
  const videoSsrc = ssrc();
  const rtxSsrc = ssrc();
  const payloadTypes = codecs.flat().concat([39, 40, 127]);
  const lines = [
    'v=0',
    `o=- ${sessionId} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1 2',
    'a=extmap-allow-mixed',
    `a=msid-semantic: WMS ${streamId}`,
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
    ...transport,
    'a=mid:0',
    'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=sendrecv',
    `a=msid:${streamId} ${audioTrack}`,
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtpmap:63 red/48000/2',
    'a=fmtp:63 111/111',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:13 CN/8000',
    'a=rtpmap:110 telephone-event/48000',
    'a=rtpmap:126 telephone-event/8000',
    `a=ssrc:${audioSsrc} cname:${cname}`,
    `a=ssrc:${audioSsrc} msid:${streamId} ${audioTrack}`,
    `m=video 9 UDP/TLS/RTP/SAVPF ${payloadTypes.join(' ')}`,
    ...transport,
    'a=mid:1',
    'a=extmap:14 urn:ietf:params:rtp-hdrext:toffset',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:13 urn:3gpp:video-orientation',
    'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
    'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=sendrecv',
    `a=msid:${streamId} ${videoTrack}`,
    'a=rtcp-mux',
    'a=rtcp-rsize',
  ];
  for (const [pt, rtx, name, fmtp] of codecs) {
    lines.push(
      `a=rtpmap:${pt} ${name}`,
      `a=rtcp-fb:${pt} goog-remb`,
      `a=rtcp-fb:${pt} transport-cc`,
      `a=rtcp-fb:${pt} ccm fir`,
      `a=rtcp-fb:${pt} nack`,
      `a=rtcp-fb:${pt} nack pli`,
    );
    if (fmtp) lines.push(`a=fmtp:${pt} ${fmtp}`);
    lines.push(`a=rtpmap:${rtx} rtx/90000`, `a=fmtp:${rtx} apt=${pt}`);
  }
  lines.push(
    'a=rtpmap:39 red/90000',
    'a=rtpmap:40 rtx/90000',
    'a=fmtp:40 apt=39',
    'a=rtpmap:127 ulpfec/90000',
    `a=ssrc-group:FID ${videoSsrc} ${rtxSsrc}`,
    `a=ssrc:${videoSsrc} cname:${cname}`,
    `a=ssrc:${videoSsrc} msid:${streamId} ${videoTrack}`,
    `a=ssrc:${rtxSsrc} cname:${cname}`,
    `a=ssrc:${rtxSsrc} msid:${streamId} ${videoTrack}`,
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    ...transport,
    'a=mid:2',
    'a=sctp-port:5000',
    'a=max-message-size:262144',
  );
  return `${lines.join('\r\n')}\r\n`;
}

/** The candidate lines one side trickles: host, server-reflexive, and a TCP host candidate. */
export function iceCandidates(ice: IceIdentity): string[] {
  const foundation = () => randomInt(1, 2 ** 32 - 1);
  const port = () => randomInt(1024, 65535);
  const lan = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const wan = `198.51.100.${randomInt(1, 255)}`;
  const lanPort = port();
  return [
    `candidate:${foundation()} 1 udp 2122260223 ${lan} ${lanPort} typ host generation 0 ufrag ${ice.ufrag} network-id 1 network-cost 10`,
    `candidate:${foundation()} 1 udp 1686052607 ${wan} ${port()} typ srflx raddr ${lan} rport ${lanPort} generation 0 ufrag ${ice.ufrag} network-id 1 network-cost 10`,
    `candidate:${foundation()} 1 tcp 1518280447 ${lan} 9 typ host tcptype active generation 0 ufrag ${ice.ufrag} network-id 1 network-cost 10`,
  ];
}

/** Everything one side of a pair sends in one negotiation. */
export interface SideScript {
  ice: IceIdentity;
  offer: string;
  answer: string;
  candidates: string[];
}

export function sideScript(): SideScript {
  const ice = iceIdentity();
  return {
    ice,
    offer: sessionDescription('offer', ice),
    answer: sessionDescription('answer', ice),
    candidates: iceCandidates(ice),
  };
}

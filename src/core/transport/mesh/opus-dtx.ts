/**
 * Asks the other side to send its microphone with Opus DTX (`usedtx=1`, RFC 7587): while someone
 * is silent, which in a group call is nearly everyone nearly all the time, their Opus sends a
 * packet every 400 ms instead of 50 a second. The parameter says what the side that writes it
 * prefers to receive, so each side writes it into the description it sends (the one it applies
 * itself is left as the browser made it). Fewer packets on every link frees the browser's network
 * thread, which a mesh shares with every other link's setup.
 */
export function withOpusDtx(sdp: string): string {
  const payloads = new Set([...sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000/gim)].map((m) => m[1]!));
  let out = sdp;
  for (const pt of payloads) {
    const fmtp = new RegExp(`^a=fmtp:${pt} (.*)$`, 'gm');
    if (!fmtp.test(out)) {
      out = out.replace(new RegExp(`^(a=rtpmap:${pt} opus/48000.*)$`, 'gim'), `$1\r\na=fmtp:${pt} usedtx=1`);
      continue;
    }
    out = out.replace(fmtp, (line, params: string) => (/(^|;)\s*usedtx=/.test(params) ? line : `${line};usedtx=1`));
  }
  return out;
}

import { RtcError } from './errors.js';
import { DEFAULT_SIGNAL_PATH } from './protocol.js';

/**
 * Turns a `server` setting into a WebSocket URL: `ws(s)://…` is kept, `http(s)://…` becomes
 * `ws(s)://…`, and a relative URL (or nothing: `/signal`) is resolved against `base`.
 */
export function resolveSignalingUrl(server: string | undefined, base?: string): string {
  const fallbackBase = typeof location === 'undefined' ? undefined : location.href;
  let url: URL;
  try {
    url = new URL(server || DEFAULT_SIGNAL_PATH, base ?? fallbackBase);
  } catch (cause) {
    throw new RtcError('invalid-server', `"${server}" is not a usable signaling URL`, { cause });
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new RtcError('invalid-server', `"${server}" is not a ws(s) or http(s) URL`);
  }
  return url.href;
}

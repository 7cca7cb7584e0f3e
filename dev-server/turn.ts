/**
 * ICE servers for `welcome` (rule 8): static STUN/TURN servers, plus ephemeral TURN credentials in
 * the TURN REST API form that coturn's `use-auth-secret` accepts.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '../src/core/protocol.js';

/** What {@link iceServersFor} needs from the options. */
export interface IceConfig {
  stunUrls: string[];
  iceServers: IceServer[];
  turnSecret?: string | undefined;
  turnUrls: string[];
  turnTtlSeconds: number;
}

/**
 * TURN REST API credentials for `peerId`: username `<expiry-unix-seconds>:<peerId>`,
 * credential `base64(HMAC-SHA1(secret, username))`.
 */
export function turnCredentials(
  secret: string,
  peerId: string,
  ttlSeconds: number,
  now = Date.now(),
): { username: string; credential: string } {
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${peerId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** The `iceServers` of a welcome for `peerId`. */
export function iceServersFor(config: IceConfig, peerId: string): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: [...config.stunUrls] });
  for (const server of config.iceServers) servers.push({ ...server });
  if (config.turnSecret !== undefined && config.turnUrls.length > 0) {
    servers.push({ urls: [...config.turnUrls], ...turnCredentials(config.turnSecret, peerId, config.turnTtlSeconds) });
  }
  return servers;
}

/**
 * How the tests start coturn (the Debian package's `turnserver`): its path, and its flags for a
 * TURN server that relays on loopback, UDP and TCP only (no TLS, no DTLS), without its CLI,
 * logging to stdout (a caller waits for its "Total General servers" line).
 */
import { existsSync } from 'node:fs';

/** `turnserver`'s path (TURNSERVER_PATH, else Debian's); throws when it is not installed. */
export function turnserverPath(): string {
  const binary = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
  if (!existsSync(binary)) throw new Error('turnserver is not installed (Debian package coturn)');
  return binary;
}

export interface CoturnOptions {
  /** The addresses it listens on. */
  listen: readonly string[];
  port: number;
  /** Its relay ports: `[min, max]`. */
  relayPorts: readonly [number, number];
  realm: string;
  /** The flags for credentials (`--lt-cred-mech --user=…`, or `--use-auth-secret --static-auth-secret=…`). */
  auth: readonly string[];
}

export function coturnArgs({ listen, port, relayPorts: [min, max], realm, auth }: CoturnOptions): string[] {
  return [
    '-n',
    ...listen.map((address) => `--listening-ip=${address}`),
    `--listening-port=${port}`,
    '--relay-ip=127.0.0.1',
    `--min-port=${min}`,
    `--max-port=${max}`,
    `--realm=${realm}`,
    ...auth,
    '--no-tls',
    '--no-dtls',
    '--allow-loopback-peers',
    '--no-cli',
    '--log-file=stdout',
    '--no-stun-backward-compatibility',
  ];
}

/**
 * Join tokens (rule 7): HS256 JWTs whose `room` claim allows the room, with a required `exp`.
 * `jose` is an optional peer dependency, loaded on first use (the server loads it at start when
 * `jwtSecret` is set, so a missing `jose` stops it there rather than at the first join).
 */
import type * as Jose from 'jose';
import { isValidName } from '../src/core/protocol.js';
import { loadOptional } from './optional.js';

let jose: Promise<typeof Jose> | undefined;

function joseModule(): Promise<typeof Jose> {
  jose ??= loadOptional<typeof Jose>('jose', 'JWT auth (jwtSecret, --jwt-secret, rtc-signal token)').catch(
    (error: unknown) => {
      jose = undefined;
      throw error;
    },
  );
  return jose;
}

/** Loads `jose` now; rejects with a `MissingPackageError` (`npm install jose`) when it is not installed. */
export async function loadJose(): Promise<void> {
  await joseModule();
}

/** Claims the server reads from a join token. */
export interface JoinClaims {
  /** The room the token allows: a room name, `"*"` for any room, or a list of either. */
  room: string | string[];
  /** Display name; when present it replaces the name the client asked for. */
  name?: string;
  /** 1.2: `host` makes its bearer a host of the room (other values: a participant). */
  role?: string;
  /** 1.2: `true`: its bearer waits in the waiting room until a host lets it in. */
  wait?: boolean;
  /** Expiry, in seconds since the epoch (required). */
  exp: number;
}

/** Options of {@link mintToken}. */
export interface MintTokenOptions {
  /** HS256 secret shared with the server (`jwtSecret`). */
  secret: string;
  /** Room name, `"*"`, or a list of rooms. */
  room: string | string[];
  /** Display name to put in the token. */
  name?: string;
  /** `host`: the bearer is a host of the room (protocol 1.2). */
  role?: 'host';
  /** The bearer waits in the waiting room until a host lets it in (protocol 1.2). */
  wait?: boolean;
  /** Lifetime in seconds. Default 3600. */
  ttlSeconds?: number;
  /** Subject (`sub`), e.g. your user id. The server does not interpret it. */
  subject?: string;
}

/** Mints a join token the server accepts when it has the same `secret`. For development and backends. */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  const ttl = options.ttlSeconds ?? 3600;
  if (!Number.isSafeInteger(ttl) || ttl <= 0) throw new TypeError('ttlSeconds must be a positive integer');
  const { SignJWT } = await joseModule();
  const claims: Record<string, unknown> = { room: options.room };
  if (options.name !== undefined) claims.name = options.name;
  if (options.role !== undefined) claims.role = options.role;
  if (options.wait) claims.wait = true;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttl);
  if (options.subject !== undefined) jwt.setSubject(options.subject);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

/** The outcome of checking a join token. */
export type TokenCheck = { ok: true; name?: string; host?: true; wait?: true } | { ok: false; reason: string };

/**
 * Verifies a join token for `room`. Never throws for a bad token; rejects only when `jose` is not
 * installed (a `MissingPackageError`).
 */
export async function verifyJoinToken(token: unknown, room: string, secret: Uint8Array): Promise<TokenCheck> {
  if (typeof token !== 'string' || token.length === 0) return { ok: false, reason: 'a token is required' };
  const { errors: joseErrors, jwtVerify } = await joseModule();
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['exp'] });
    const allowed = payload.room;
    const rooms = typeof allowed === 'string' ? [allowed] : Array.isArray(allowed) ? allowed : [];
    if (!rooms.some((entry) => entry === room || entry === '*')) {
      return { ok: false, reason: 'the token does not allow this room' };
    }
    const check: TokenCheck = { ok: true };
    if (payload.role === 'host') check.host = true;
    if (payload.wait === true) check.wait = true;
    if (payload.name !== undefined) {
      if (!isValidName(payload.name)) return { ok: false, reason: 'the token has an invalid name claim' };
      check.name = payload.name;
    }
    return check;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'the token has expired' };
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { ok: false, reason: 'bad token signature' };
    if (error instanceof joseErrors.JWTClaimValidationFailed)
      return { ok: false, reason: `bad token claim: ${error.claim}` };
    return { ok: false, reason: 'invalid token' };
  }
}

/**
 * The signaling server library (`rtc-elements/server`): protocol version 1 over WebSocket,
 * in memory or shared through Redis, with a `@web/dev-server` plugin and the `rtc-signal` CLI.
 */
export {
  SignalingServer,
  createSignalingServer,
  CLOSE_REPLACED,
  MAX_TOKEN_LENGTH,
  MAX_RESUME_LENGTH,
} from './server.js';
export type { CloseReason, HealthReport, ListenResult } from './server.js';
export { DEFAULT_OPTIONS, LOG_LEVELS, resolveOptions } from './options.js';
export type { SignalingServerOptions, ResolvedOptions, LogLevel } from './options.js';
export { OPTION_SPECS } from './option-specs.js';
export type { OptionSpec } from './option-specs.js';
export { signalingPlugin } from './plugin.js';
export type { SignalingPlugin } from './plugin.js';
export { mintToken, verifyJoinToken } from './auth.js';
export type { MintTokenOptions, JoinClaims, TokenCheck } from './auth.js';
export { turnCredentials, iceServersFor } from './turn.js';
export type { IceConfig } from './turn.js';
export { MemoryRooms } from './rooms.js';
export type { RoomDirectory, RoomDirectoryHost, JoinOutcome, ClaimOutcome } from './rooms.js';
export { SignalingMetrics } from './metrics.js';
export { createLogger } from './logger.js';
export { MissingPackageError } from './optional.js';
export type { Logger } from './logger.js';

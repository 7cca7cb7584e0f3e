/**
 * Helpers for tests (node tests, web-test-runner plugins) and the benches: real servers on this
 * machine, started on 127.0.0.1 and killed when the calling process exits. Not part of the
 * package (`rtc-elements/server` does not export it).
 */
export { freePort } from './ports.js';
export { track, waitForLine, stopper } from './processes.js';
export { startRedis, type RedisHandle } from './redis.js';
export { startServerProcess, CLI_PATH, type ServerProcess } from './server-process.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

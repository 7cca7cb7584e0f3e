#!/usr/bin/env node
/**
 * `rtc-signal`: the signaling server as a process.
 *
 *   rtc-signal [--port 8787] [--host 0.0.0.0] [--path /signal] [options]   serve
 *   rtc-signal token --room R [--name N] [--role host] [--wait] [--ttl 3600] [--secret S]
 *                                                                         print a join token
 *   rtc-signal --help
 *
 * Every option is also read from an environment variable (flags win); see `OPTION_SPECS`.
 */
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { mintToken } from './auth.js';
import { createLogger } from './logger.js';
import { CLI_DEFAULTS, OPTION_SPECS, type OptionSpec } from './option-specs.js';
import { LOG_LEVELS, type LogLevel, type SignalingServerOptions } from './options.js';

/** What the CLI parsed: the server options, plus where to listen. */
export interface CliConfig {
  port: number;
  host: string;
  options: SignalingServerOptions;
}

class UsageError extends Error {}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function convert(spec: OptionSpec, raw: string, source: string): unknown {
  switch (spec.kind) {
    case 'integer': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isSafeInteger(value) || value < 0) {
        throw new UsageError(`${source} must be a non-negative integer, got "${raw}"`);
      }
      return value;
    }
    case 'number': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value) || value <= 0)
        throw new UsageError(`${source} must be a positive number`);
      return value;
    }
    case 'list':
      return splitList(raw);
    case 'json':
      try {
        const value: unknown = JSON.parse(raw);
        if (!Array.isArray(value)) throw new Error('not an array');
        return value;
      } catch {
        throw new UsageError(`${source} must be a JSON array of ICE servers`);
      }
    case 'level':
      if (!(LOG_LEVELS as readonly string[]).includes(raw))
        throw new UsageError(`${source} must be one of ${LOG_LEVELS.join(', ')}`);
      return raw as LogLevel;
    case 'string':
      return raw;
  }
}

/** Reads flags (`--flag value` or `--flag=value`) and environment variables. Flags win. */
export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliConfig {
  const byFlag = new Map(OPTION_SPECS.map((spec) => [spec.flag, spec]));
  const fromFlags = new Map<string, unknown>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const spec = byFlag.get(flag);
    if (!spec) throw new UsageError(`unknown argument "${arg}" (try --help)`);
    let raw: string;
    if (eq !== -1) raw = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      raw = next;
      i++;
    }
    const value = convert(spec, raw, flag);
    const previous = fromFlags.get(spec.name);
    // Lists are repeatable: --turn-url a --turn-url b,c
    fromFlags.set(
      spec.name,
      spec.kind === 'list' && Array.isArray(previous) ? [...previous, ...(value as string[])] : value,
    );
  }
  const values: Record<string, unknown> = {};
  for (const spec of OPTION_SPECS) {
    if (fromFlags.has(spec.name)) {
      values[spec.name] = fromFlags.get(spec.name);
      continue;
    }
    const envName = spec.env.find((name) => env[name] !== undefined && env[name] !== '');
    if (envName !== undefined) values[spec.name] = convert(spec, env[envName]!, envName);
  }
  const {
    port = CLI_DEFAULTS.port,
    host = CLI_DEFAULTS.host,
    ...options
  } = values as SignalingServerOptions & { port?: number; host?: string };
  return { port, host, options };
}

function usage(): string {
  const lines = [
    'Usage:',
    '  rtc-signal [options]                 run the signaling server',
    '  rtc-signal token --room R [--name N] [--role host] [--wait] [--ttl 3600] [--secret S]',
    '                                       print a join token (secret also from RTC_JWT_SECRET)',
    '',
    'Options (flag / environment / default):',
  ];
  for (const spec of OPTION_SPECS) {
    lines.push(
      `  ${spec.flag.padEnd(24)} ${spec.env.join(', ').padEnd(26)} ${spec.defaultText.padEnd(18)} ${spec.help}`,
    );
  }
  return lines.join('\n');
}

async function tokenCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (flag === '--wait' && eq === -1) {
      values.set(flag, 'true');
      continue;
    }
    if (!['--room', '--name', '--ttl', '--secret', '--role'].includes(flag))
      throw new UsageError(`unknown argument "${arg}"`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const secret = values.get('--secret') ?? env.RTC_JWT_SECRET;
  const room = values.get('--room');
  if (!secret) throw new UsageError('token: --secret or RTC_JWT_SECRET is required');
  if (!room) throw new UsageError('token: --room is required ("*" for any room, or a,b,c)');
  const ttl = Number(values.get('--ttl') ?? '3600');
  if (!Number.isSafeInteger(ttl) || ttl <= 0) throw new UsageError('token: --ttl must be a positive integer (seconds)');
  const rooms = splitList(room);
  const name = values.get('--name');
  const role = values.get('--role');
  if (role !== undefined && role !== 'host') throw new UsageError('token: --role must be host');
  const token = await mintToken({
    secret,
    room: rooms.length === 1 ? rooms[0]! : rooms,
    ttlSeconds: ttl,
    ...(name !== undefined ? { name } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(values.has('--wait') ? { wait: true } : {}),
  });
  process.stdout.write(`${token}\n`);
}

async function serve(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const config = parseServeArgs(argv, env);
  // Whoever reads our logs may go away (a closed pipe: EPIPE). The server must outlive its logs.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  // Imported here, not above: without `ws` installed, `token` and `--help` still work, and a
  // missing `ws` is reported like any failure to start.
  const { SignalingServer } = await import('./server.js');
  const server = new SignalingServer(config.options);
  const { port, url, httpUrl } = await server.listen({ port: config.port, host: config.host });
  // The start line is printed at every log level: it is how scripts learn the URL (port 0).
  const line = {
    time: new Date().toISOString(),
    level: 'info',
    msg: 'listening',
    url,
    httpUrl,
    port,
    host: config.host,
    config: server.describe(),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.logger.info('signal received', { signal });
    const force = setTimeout(() => {
      server.logger.error('shutdown timed out');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Runs the CLI with `argv` (without `node` and the script). */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  try {
    if (argv[0] === '--help' || argv[0] === '-h') {
      process.stdout.write(`${usage()}\n`);
      return;
    }
    if (argv[0] === 'token') return await tokenCommand(argv.slice(1), env);
    await serve(argv, env);
  } catch (error) {
    const logger = createLogger('error');
    if (error instanceof UsageError || error instanceof TypeError) {
      logger.error('bad configuration', { error: error.message });
      process.exitCode = 2;
    } else {
      logger.error('failed to start', { error });
      process.exitCode = 1;
    }
    // Let a half-started server (e.g. Redis connecting) not keep the process alive.
    setTimeout(() => process.exit(), 100).unref();
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();

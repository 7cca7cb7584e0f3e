/** Structured logs: one JSON object per line, filtered by level. */
import type { LogLevel } from './options.js';

type Level = Exclude<LogLevel, 'silent'>;
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A JSON-lines logger. `fields` are merged into the line; `Error`s are flattened. */
export interface Logger {
  readonly level: LogLevel;
  enabled(level: Level): boolean;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function defaultSink(line: string, level: Level): void {
  (level === 'debug' || level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

export function createLogger(
  level: LogLevel,
  sink: (line: string, level: Level) => void = defaultSink,
  base: Record<string, unknown> = {},
): Logger {
  const enabled = (at: Level): boolean => RANK[at] >= RANK[level];
  const write = (at: Level, msg: string, fields?: Record<string, unknown>): void => {
    if (!enabled(at)) return;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level: at, msg, ...base };
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        record[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
      }
    }
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      line = JSON.stringify({ time: record.time, level: at, msg });
    }
    try {
      sink(line, at);
    } catch {
      // A failing log sink must not take the server down.
    }
  };
  return {
    level,
    enabled,
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

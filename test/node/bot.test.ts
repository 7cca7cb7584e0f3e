/**
 * The bot of examples/bot (werift: a WebRTC stack this kit did not write) in a call with the demo
 * page in headless Chromium and in Firefox, against the real server (`npm start`'s), in both offer
 * roles: the bot joins first (the pages offer to it) or last (it offers to them). The pages see
 * and hear the bot's test card and tone; the bot records each page to a WebM file that ffprobe
 * (Debian's ffmpeg) reads as VP8 and Opus, as long as the recording ran (within a second), with
 * decodable frames; it answers /help, /who and /recording and says it records; its tile is gone
 * within 2 s of its leaving.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { type DemoServer, startDemo } from '../../bench/page-load.js';
import { track } from '../support/index.js';
import { joinFromLobby, launchChromium, launchFirefox, root } from './browser-call.js';

const BOT = 'Recorder (bot)';
/** How long the test lets the bot record once both recordings run. */
const RECORD_MS = 3_000;

let demo: DemoServer | undefined;
let chromium: Browser | undefined;
let firefox: Browser | undefined;
let out = '';

before(async () => {
  out = mkdtempSync(join(tmpdir(), 'rtc-bot-'));
  [demo, chromium, firefox] = await Promise.all([startDemo(), launchChromium(), launchFirefox()]);
});

after(async () => {
  await Promise.all([chromium?.close(), firefox?.close(), demo?.stop()]);
  if (out) rmSync(out, { recursive: true, force: true });
});

/** The bot as `npm run bot` runs it; each line it prints, with when the test read it. */
class Bot {
  readonly lines: Array<{ text: string; at: number }> = [];
  readonly process: ChildProcess;
  #waiters = new Set<() => void>();

  constructor(url: string, room: string) {
    this.process = spawn(process.execPath, ['examples/bot/bot.mjs', '--url', url, '--room', room, '--out', out], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(this.process);
    let rest = '';
    const read = (chunk: Buffer) => {
      rest += chunk.toString('utf8');
      for (let newline = rest.indexOf('\n'); newline !== -1; newline = rest.indexOf('\n')) {
        this.lines.push({ text: rest.slice(0, newline), at: Date.now() });
        rest = rest.slice(newline + 1);
      }
      for (const wake of this.#waiters) wake();
    };
    this.process.stdout!.on('data', read);
    this.process.stderr!.on('data', read);
  }

  /** The first line matching `pattern` (waits up to `ms` for it). */
  async line(pattern: RegExp, ms = 30_000): Promise<{ text: string; at: number; match: RegExpExecArray }> {
    const deadline = Date.now() + ms;
    for (;;) {
      for (const line of this.lines) {
        const match = pattern.exec(line.text);
        if (match) return { ...line, match };
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.process.exitCode !== null)
        assert.fail(`the bot printed no line matching ${pattern}:\n${this.lines.map((l) => l.text).join('\n')}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 500));
        this.#waiters.add(wake);
      });
    }
  }

  /** Ctrl-C: resolves with the exit code once it has saved its files and left. */
  interrupt(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    this.process.kill('SIGINT');
    return exited;
  }
}

/** A page of the demo that joined `room` as `name`, keeping the chat texts it receives. */
async function joinDemo(browser: Browser, room: string, name: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${demo!.url}?room=${room}&name=${encodeURIComponent(name)}`);
  await joinFromLobby(page, `${name}'s page`);
  await page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    document.querySelector('rtc-room')!.session!.addEventListener('message', (e) => {
      const data = e.detail.data as { type?: string; text?: string };
      if (data?.type === 'chat' && typeof data.text === 'string') said.push(data.text);
    });
  });
  return page;
}

/**
 * What `page` receives from the bot, from its inbound RTP statistics: video frames
 * decoded, audio packets, the audio energy decoded (what is played: silence adds none) and the
 * level of the latest sound (Chromium and Firefox both measure it on the decoded audio).
 */
async function fromBot(page: Page): Promise<{ frames: number; packets: number; energy: number; level: number }> {
  await page
    .waitForFunction(
      (bot: string) =>
        [...document.querySelector('rtc-room')!.session!.remote.values()].some(
          (p) => p.name === bot && p.connectionState === 'connected' && p.stream?.getAudioTracks().length,
        ),
      { timeout: 30_000, polling: 200 },
      BOT,
    )
    .catch(async () => {
      const seen = await page.evaluate(() =>
        [...document.querySelector('rtc-room')!.session!.remote.values()].map((p) => [p.name, p.connectionState]),
      );
      return assert.fail(`no connected bot with audio in 30 s: the page has ${JSON.stringify(seen)}`);
    });
  return page.evaluate(async (bot: string) => {
    const participant = [...document.querySelector('rtc-room')!.session!.remote.values()].find((p) => p.name === bot)!;
    const read = async () => {
      const got = { frames: new Map<string, number>(), packets: 0, energy: 0, level: 0 };
      (await participant.peerConnection!.getStats()).forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') got.frames.set(r.id, r.framesDecoded ?? 0);
        if (r.type !== 'inbound-rtp' || r.kind !== 'audio') return;
        got.packets += r.packetsReceived ?? 0;
        got.energy += r.totalAudioEnergy ?? 0;
        got.level = Math.max(got.level, r.audioLevel ?? 0);
      });
      return got;
    };
    // Polled (no event says a frame was decoded), for 20 s at most: enough frames, and sound.
    const first = await read();
    const deadline = performance.now() + 20_000;
    let got = { frames: 0, packets: 0, energy: 0, level: 0 };
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const last = await read();
      got = {
        // (By report: Firefox may list a video report more than once, or drop one.)
        frames: Math.max(0, ...[...last.frames].map(([id, frames]) => frames - (first.frames.get(id) ?? 0))),
        packets: last.packets - first.packets,
        energy: last.energy - first.energy,
        level: last.level,
      };
      if (got.frames >= 5 && got.packets > 0 && got.energy > 0 && got.level > 0.01) break;
    }
    return got;
  }, BOT);
}

/** What ffprobe reads of a recording: its duration, codecs and the video frames it decodes. */
function probe(path: string): { duration: number; codecs: string[]; frames: number } {
  const ffprobe = (args: string[]) =>
    execFileSync('ffprobe', ['-v', 'error', ...args, '-of', 'json', path], {
      encoding: 'utf8',
      // (werift writes clusters of unknown size, which ffprobe reads and mentions.)
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const info = JSON.parse(ffprobe(['-show_entries', 'format=duration:stream=codec_name'])) as {
    format: { duration: string };
    streams: Array<{ codec_name: string }>;
  };
  const counted = JSON.parse(
    ffprobe(['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames']),
  ) as { streams: Array<{ nb_read_frames: string }> };
  return {
    duration: Number(info.format.duration),
    codecs: info.streams.map((s) => s.codec_name).sort(),
    frames: Number(counted.streams[0]?.nb_read_frames ?? 0),
  };
}

/** Resolves once `page` shows no tile of the bot; rejects after `ms`. */
function tileGone(page: Page, ms: number) {
  return page.waitForFunction(
    (bot: string) =>
      ![...(document.querySelector('rtc-room')?.shadowRoot?.querySelectorAll('rtc-participant') ?? [])].some(
        (tile) => (tile as unknown as { participant?: { name: string } }).participant?.name === bot,
      ),
    { timeout: ms, polling: 50 },
    BOT,
  );
}

/** The call: the bot and a page in Chromium (Ada) and one in Firefox (Bo); the bot joins first or last. */
async function call(botFirst: boolean, chat: boolean, diagnostic: (message: string) => void) {
  const room = `bot-${botFirst ? 'first' : 'last'}-${Date.now()}`;
  const signal = `${new URL(demo!.url).origin.replace(/^http/, 'ws')}/signal`;
  let bot: Bot | undefined;
  const pages: Page[] = [];
  try {
    if (botFirst) {
      bot = new Bot(signal, room);
      await bot.line(/^joined /);
    }
    pages.push(await joinDemo(chromium!, room, 'Ada'), await joinDemo(firefox!, room, 'Bo'));
    bot ??= new Bot(signal, room);
    const [ada, bo] = await Promise.all([bot.line(/^recording Ada to (.+)$/), bot.line(/^recording Bo to (.+)$/)]);

    // The pages see and hear the bot.
    for (const [i, page] of pages.entries()) {
      const got = await fromBot(page).catch((error: Error) =>
        assert.fail(`${error.message}; the bot printed:\n${bot!.lines.map((l) => l.text).join('\n')}`),
      );
      const engine = i === 0 ? 'Chromium' : 'Firefox';
      assert.ok(got.frames >= 5, `${engine} decoded no 5 frames of the bot's video: ${JSON.stringify(got)}`);
      assert.ok(got.packets > 0, `${engine} received no audio packet from the bot: ${JSON.stringify(got)}`);
      assert.ok(got.energy > 0 && got.level > 0.01, `${engine} heard nothing from the bot: ${JSON.stringify(got)}`);
    }

    // The pages show it as a program: its tile carries the "Bot" badge (its state says bot: true).
    for (const [i, page] of pages.entries()) {
      await page
        .waitForFunction(
          (bot: string) =>
            [...(document.querySelector('rtc-room')?.shadowRoot?.querySelectorAll('rtc-participant') ?? [])].some(
              (tile) =>
                (tile as unknown as { participant?: { name: string } }).participant?.name === bot &&
                tile.shadowRoot?.querySelector('[part=bot]')?.textContent === 'Bot',
            ),
          { timeout: 10_000, polling: 100 },
          BOT,
        )
        .catch(() => assert.fail(`${i === 0 ? 'Chromium' : 'Firefox'} shows no Bot badge on the bot's tile`));
    }

    if (chat) {
      const page = pages[0]!;
      for (const text of ['/help', '/who', '/recording'])
        await page.evaluate(
          (text: string) =>
            document
              .querySelector('rtc-room')!
              .session!.send({ type: 'chat', text, id: `t${Math.random()}`.slice(0, 12), at: Date.now() }),
          text,
        );
      await page.waitForFunction(() => (window as unknown as { said: string[] }).said.length >= 4, {
        timeout: 15_000,
      });
      const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
      assert.ok(
        said.some((t) => /record/i.test(t) && /\/help/.test(t)),
        `the bot did not say it records: ${said}`,
      );
      assert.ok(
        said.some((t) => t.includes('/who') && t.includes('/recording')),
        `no /help answer: ${said}`,
      );
      assert.ok(
        said.some((t) => t.includes('Ada') && t.includes('Bo') && t.includes(BOT)),
        `no /who answer: ${said}`,
      );
      assert.ok(
        said.some((t) => /^Recording: .*Ada.*Bo|^Recording: .*Bo.*Ada/.test(t)),
        `no /recording answer: ${said}`,
      );
    }

    await new Promise((resolve) => setTimeout(resolve, RECORD_MS));
    const stoppedAt = Date.now();
    assert.equal(await bot.interrupt(), 0, `the bot did not exit cleanly:\n${bot.lines.map((l) => l.text).join('\n')}`);
    const left = await bot.line(/^left$/);
    await Promise.all(
      pages.map((page, i) =>
        tileGone(page, Math.max(1, 2_000 - (Date.now() - left.at))).catch(() =>
          assert.fail(`${i === 0 ? 'Chromium' : 'Firefox'} still shows the bot's tile 2 s after it left`),
        ),
      ),
    );

    for (const [who, started] of [
      ['Ada', ada],
      ['Bo', bo],
    ] as const) {
      const path = started.match[1]!;
      await bot.line(new RegExp(`^saved ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      let file: ReturnType<typeof probe>;
      try {
        file = probe(path);
      } catch (error) {
        assert.fail(
          `ffprobe could not read ${who}'s recording (${error}); the bot printed:\n${bot.lines.map((l) => l.text).join('\n')}`,
        );
      }
      const expected = (stoppedAt - started.at) / 1000;
      assert.deepEqual(file.codecs, ['opus', 'vp8'], `${who}'s recording: ${JSON.stringify(file)}`);
      // Never longer than it ran (a recorder once padded 5 s), and nearly all of it: under load
      // (a clean-clone run at 14 to 16) the first frames reached the recorder 1.6 s after the bot
      // said it was recording.
      assert.ok(
        file.duration <= expected + 1 && file.duration >= expected - 3,
        `${who}'s recording lasts ${file.duration} s, the bot recorded for ${expected.toFixed(2)} s`,
      );
      assert.ok(file.frames >= expected * 2, `${who}'s recording decodes ${file.frames} frames in ${file.duration} s`);
      diagnostic(`${who}: ${file.duration} s recorded in ${expected.toFixed(2)} s, ${file.frames} frames`);
    }
  } finally {
    if (bot?.process.exitCode === null) bot.process.kill('SIGKILL');
    await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
  }
}

test('the bot joins first: Chromium and Firefox offer to it, see and hear it, chat with it; it records both', {
  timeout: 120_000,
}, async (t) => {
  await call(true, true, (message) => t.diagnostic(message));
});

test('the bot joins last: it offers to Chromium and Firefox, who see and hear it; it records both', {
  timeout: 120_000,
}, async (t) => {
  await call(false, false, (message) => t.diagnostic(message));
});

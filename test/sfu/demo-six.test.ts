/**
 * The SFU mode as a person meets it: `npm run start:sfu` (the demo with a Janus from Debian's
 * package, `--sfu-above 1`), six tabs on one room, each of them sees and hears the five others
 * through Janus. Runs inside a private network namespace (`node scripts/netns.mjs`: Janus gathers
 * ICE candidates on its veth end, 127.0.0.2), where the demo, Janus and Chromium are alone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { type DemoServer, startDemo } from '../../bench/page-load.js';
import { joinFromLobby, launchChromium } from '../node/browser-call.js';

const PEOPLE = ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'];
let demo: DemoServer | undefined;
let browser: Browser | undefined;

before(async () => {
  demo = await startDemo({ entry: 'dist/demo/serve-sfu.js' });
  // Janus's candidates are on the namespace's addresses, which Chromium neither pairs with nor
  // reveals (mDNS names instead) by default.
  browser = await launchChromium([
    '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns',
  ]);
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

/** What one page receives from each remote participant: video frames decoded, audio energy, and how. */
function received(page: Page) {
  return page.evaluate(async () => {
    const out: Record<string, { frames: number; energy: number; media: string }> = {};
    // (Its session comes once the join click has gone through: nothing received yet before.)
    const room = document.querySelector('rtc-room')?.session;
    if (!room) return out;
    for (const p of room.remote.values()) {
      // Through the SFU, a participant's statistics are the shared receiving connection's,
      // narrowed to their streams (Participant.getStats), not a peer connection of their own.
      let frames = 0;
      let energy = 0;
      (await p.getStats().catch(() => null))?.forEach((r) => {
        if (r.type !== 'inbound-rtp') return;
        frames += r.framesDecoded ?? 0;
        energy += r.totalAudioEnergy ?? 0;
      });
      out[p.name] = { frames, energy, media: (room as unknown as { media?: string }).media ?? '?' };
    }
    return out;
  });
}

test('npm run start:sfu: six tabs in one room each see and hear the five others through Janus', async () => {
  const room = `six-${Date.now().toString(36)}`;
  const pages: Page[] = [];
  for (const name of PEOPLE) {
    // A window each, as six people have: a tab behind another is hidden, and the SFU pauses the
    // video of a page in the background.
    const page = await browser!.newPage({ type: 'window' });
    // Six pages starting on two shared cores: loading and joining take their time.
    page.setDefaultTimeout(90_000);
    await page.setViewport({ width: 1000, height: 700 });
    await page.goto(`${demo!.url}?room=${room}&name=${name}`);
    await joinFromLobby(page, name);
    pages.push(page);
  }
  // Every page: five remote participants, the room on the SFU, and for each of the five decoded
  // video frames and audio energy that keep rising.
  const deadline = Date.now() + 90_000;
  type Seen = Array<Record<string, { frames: number; energy: number; media: string }>>;
  let first: Seen | null = null;
  let last: Seen = [];
  for (;;) {
    const now: Seen = [];
    for (const page of pages) {
      await page.bringToFront();
      now.push(await received(page));
    }
    last = now;
    const complete = now.every(
      (seen) => Object.keys(seen).length === 5 && Object.values(seen).every((r) => r.media === 'sfu'),
    );
    if (complete && !first) first = now;
    if (
      complete &&
      first &&
      now !== first &&
      now.every((seen, i) =>
        Object.entries(seen).every(
          ([name, r]) => r.frames > (first![i]![name]?.frames ?? 0) && r.energy > (first![i]![name]?.energy ?? 0),
        ),
      )
    )
      break;
    assert.ok(
      Date.now() < deadline,
      `not every tab saw and heard the five others through the SFU within 90 s:\n${JSON.stringify(last, null, 1)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  for (const [i, seen] of last.entries()) {
    assert.deepEqual(
      Object.keys(seen).sort(),
      PEOPLE.filter((n) => n !== PEOPLE[i]).sort(),
      `${PEOPLE[i]} sees the five others`,
    );
  }
});

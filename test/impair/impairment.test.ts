/**
 * Calls on bad networks, for real (issue 25): two people, Ada and Bo, in one engine, each window's
 * signaling and media on its own veth pair (network.ts); one path is impaired at a time (Ada's
 * for the cap and the outage, Bo's, through his delay relay, for loss and delay), and Bo's window
 * tells what Ada's media does (its receiver's statistics and the quality its tile shows; Ada's
 * own encoder for the cap). Each test asserts behaviour, never a timing or a figure a busy CPU
 * moves (decoded frame size and rate, concealed audio): the timings are `npm run bench:impair`'s,
 * the deadlines generous, for a loaded 2-core machine. Each engine runs the conditions of PLAN. Runs inside scripts/netns.mjs as root
 * (npm test's "Impaired network" step); elsewhere each engine's suite is skipped, saying why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as wait } from 'node:timers/promises';
import { networkAvailable } from './network.js';
import { type Engine, type ImpairedCall, type PageView, readPage, startImpairedCall, until } from './call.js';

/** The share of `to`'s audio packets, since `from`, that never arrived. */
const audioLoss = (from: PageView, to: PageView) => {
  const lost = to.audioLost - from.audioLost;
  return lost / Math.max(1, to.audioPackets - from.audioPackets + lost);
};

/** Ada's video keeps coming to Bo: decoded frames rise past `from`'s. */
const framesRise = (call: ImpairedCall, page: number, from: PageView, what: string) =>
  until(
    `${what}: decoded frames did not rise past ${from.frames}`,
    () => readPage(call.pages[page]!),
    (v) => v.frames > from.frames + 5,
    30_000,
  );

/** For `until`: each read, and whether it is the last of `n` in a row that `ok` accepts. */
function streak(
  read: () => Promise<PageView>,
  ok: (v: PageView) => boolean,
  n: number,
): () => Promise<{ done: boolean; last: PageView }> {
  let run = 0;
  return async () => {
    const last = await read();
    run = ok(last) ? run + 1 : 0;
    return { done: run >= n, last };
  };
}

/** The uplink cap, kbit/s (the issue's). */
const CAP = 300;

/**
 * The conditions each engine runs in npm test, to keep the step short (each one is in both
 * engines in `npm run bench:impair`): the cap judged by the encoder's aim where it says it
 * (`targetBitrate`: Chromium), by the frames decoded and the size sent where it does not
 * (`capFrames`: Firefox), loss and delay in Firefox, the outage in both.
 */
const PLAN = { chromium: ['cap', 'outage'], firefox: ['capFrames', 'loss', 'outage'] } as const;

/** Where an engine cannot pass a condition today, the visible reason. */
const KNOWN: Partial<Record<Engine, Partial<Record<'climb' | 'outage', string>>>> = {
  chromium: {
    climb:
      "Chromium's estimate stays near the cap once it lifts (300 to 400 kbit/s, growing some 5 kbit/s a second), " +
      'and Chromium probes a raised cap only while its sender is application-limited (under 65 % of the ' +
      "estimate): the kit's step up goes to a level its encoder fills, so a probe answers it only by chance, and " +
      '15 s reach 80 % of a clean 1,200 kbit/s in 1 of 4 runs (load 12 to 25; a rule that dips a level before a step up, ' +
      'branch climb-probe, climbed in 8 of 12 and once overran the cap): issue 25',
  },
};

const skip = networkAvailable();

for (const engine of ['chromium', 'firefox'] as const satisfies readonly Engine[]) {
  // RTC_BROWSERS (as for the browser tests) may leave an engine out.
  const left = !(process.env.RTC_BROWSERS ?? engine).split(',').includes(engine) && `RTC_BROWSERS leaves ${engine} out`;
  const plan: readonly string[] = PLAN[engine];
  const known = KNOWN[engine] ?? {};
  describe(`${engine}: a call on an impaired network (${plan.join(', ')})`, { skip: skip ?? left ?? false }, () => {
    let call: ImpairedCall;
    const ada = () => readPage(call.pages[0]!);
    const bo = () => readPage(call.pages[1]!);
    /** When the cap test lifted its cap, and what Ada's video aimed at before it. */
    let lifted: { at: number; clean: number } | undefined;

    before(async () => {
      // Bo's media goes through his delay relay, Ada's straight to TURN: a user-space hop on
      // her path held her clean bandwidth estimate down at times.
      call = await startImpairedCall(engine, ['Ada', 'Bo'], { delayed: [1] });
      for (const read of [ada, bo]) {
        await until(
          'the call did not come up',
          read,
          (v) => v.state === 'connected' && v.frames > 30 && v.samples > 0,
          90_000,
        );
      }
    });

    after(async () => {
      await call?.close();
    });

    if (plan.includes('cap'))
      it(`a capped uplink (${CAP} kbit/s, or 80 % of the clean aim if less): Ada's video steps down instead of freezing, and her audio comes whole`, async () => {
        const link = call.network.links[0]!;
        // What the cap acts on: an encoder that aims above it. The room's level for two is
        // 1.2 Mbit/s, but on a loaded machine the kit's steps for the CPU may hold a clean call
        // at 250 kbit/s (its fourth level), under the 300: then the cap is 80 % of the
        // clean aim, so that it always takes something away, and never under 200, so that the
        // audio (50 kbit/s with its headers through TURN) fits beside a stepped-down video.
        // The aim once settled (four reads in 2 s within 10 % of each other): a call's first
        // seconds ramp up from Chromium's first estimate of 300 kbit/s, and an aim read there
        // would ask the climb below for less than the kit's own level.
        let first = 0;
        const clean = await until(
          "Ada's clean video never settled at an aim of 240 kbit/s or more",
          streak(
            ada,
            (v) => {
              const near = v.target >= 240_000 && Math.abs(v.target - first) <= first * 0.1;
              if (!near) first = v.target;
              return near;
            },
            3,
          ),
          (r) => r.done,
          60_000,
        );
        const cap = Math.max(200, Math.min(CAP, Math.floor((clean.last.target * 0.8) / 1000)));
        link.set({ rateKbit: cap });
        try {
          // Stepped down: three reads in a row with the encoder aiming under the cap. The encoder's
          // aim, not the frame size or rate decoded: those a loaded CPU moves as much as the cap.
          await until(
            `Ada's video did not step down under ${cap} kbit/s (from ${Math.round(clean.last.target / 1000)})`,
            streak(ada, (v) => v.target < cap * 1000, 3),
            (r) => r.done,
            60_000,
          );
          // Not frozen: frames keep coming at the lower level.
          const from = await bo();
          await framesRise(call, 1, from, 'capped');
          // Audio whole, over 8 s stepped down: the cap loses few of its packets (a sender that
          // had not stepped down would have tbf drop them with the video's, 5 % and more). Packets,
          // not concealed samples: on this shared machine a clean call conceals 1 to 5 % for want of
          // CPU. The issue's goal, under 1 %, is `npm run bench`'s (docs/benchmarks.md: NOT met):
          // here a clean-clone run lost 1.14 %, others 0 to 1 %, so the check is for starving, 3 %.
          await wait(8000);
          const later = await bo();
          assert.equal(later.state, 'connected', 'the connection under the cap');
          const share = audioLoss(from, later);
          const concealed = (later.concealed - from.concealed) / Math.max(1, later.samples - from.samples);
          assert.ok(
            share < 0.03,
            `Bo lost ${(share * 100).toFixed(2)} % of Ada's audio packets under ${cap} kbit/s (under 3 %; ` +
              `${(concealed * 100).toFixed(2)} % of the samples concealed)`,
          );
        } finally {
          link.set({});
        }
        lifted = { at: Date.now(), clean: clean.last.target };
      });

    if (plan.includes('cap'))
      it("the cap lifted, Ada's video climbs back to its clean aim within 15 s", {
        todo: known.climb ?? false,
      }, async () => {
        assert.ok(lifted, 'the capped uplink test did not lift a cap');
        const { at, clean } = lifted;
        await until(
          `Ada's video did not climb back to 80 % of its clean ${Math.round(clean / 1000)} kbit/s`,
          streak(ada, (v) => v.target >= clean * 0.8, 2),
          (r) => r.done,
          Math.max(1000, at + 15_000 - Date.now()),
        );
      });

    if (plan.includes('capFrames'))
      it(`a capped uplink (${CAP} kbit/s), judged by what Bo decodes: Ada's video keeps coming, smaller, and the call goes on once the cap lifts`, async () => {
        const link = call.network.links[0]!;
        // What Ada sends clean: the largest of three reads a second apart (Firefox's first seconds
        // ramp up from 320x240).
        let clean = await ada();
        for (let i = 0; i < 2; i++) {
          await wait(1000);
          const read = await ada();
          if (read.sentHeight > clean.sentHeight) clean = read;
        }
        let least = clean;
        const perWindow: number[] = [];
        link.set({ rateKbit: CAP });
        try {
          // The cap's first 8 s are the kit's to step down in; then four windows of 4 s, each of
          // which must bring Bo new frames of Ada (a frozen picture brings none, or a stray few).
          // The durations are the condition under test: nothing to await.
          let from: PageView | undefined;
          for (let second = 1; second <= 24; second++) {
            await wait(1000);
            const sender = await ada();
            if (sender.sentHeight > 0 && sender.sentHeight < least.sentHeight) least = sender;
            if (second < 8 || second % 4 !== 0) continue;
            const now = await bo();
            if (from) perWindow.push(now.frames - from.frames);
            from = now;
          }
        } finally {
          link.set({});
        }
        assert.ok(
          perWindow.every((n) => n >= 4),
          `Bo's frames of Ada decoded in each 4 s under ${CAP} kbit/s: ${perWindow.join(', ')} (a freeze: under 4)`,
        );
        // Smaller: the kit's steps scale the picture down (and cap its frame rate), where Firefox's
        // own congestion control kept sending 480x360 at 30 fps into the cap, and its picture froze.
        assert.ok(
          least.sentHeight < clean.sentHeight,
          `Ada's video sent did not step down under ${CAP} kbit/s: from ${clean.sent}, at least ${least.sent}`,
        );
        // The cap lifted, the call goes on.
        await framesRise(call, 1, await bo(), 'the cap lifted');
        assert.equal((await bo()).state, 'connected', 'the connection after the cap');
      });

    if (plan.includes('loss'))
      it('5 % loss and 150 ± 30 ms delay: the call stays up, shown "fair" or "poor" (never "good"), and "good" again after', async () => {
        // On Bo's path (his relay delays): what Ada sends him arrives late and lossy.
        const link = call.network.links[1]!;
        const relay = call.relays[1]!;
        // From "good" (the call's first seconds may show it lower for a while).
        await until(
          'Bo does not show Ada "good" before the impairment',
          bo,
          (v) => v.quality.at(-1) === 'good',
          60_000,
        );
        const seen = (await bo()).quality.length;
        link.set({ lossPercent: 5 });
        await relay.setDelay(150, 30);
        try {
          // The indicator leaves "good" (it needs 2 s of worse numbers), then holds for 8 s more.
          const worse = await until(
            'Bo still shows Ada "good" under loss and delay',
            bo,
            (v) => v.quality.slice(seen).some((l) => l !== 'good'),
            60_000,
          );
          const mark = worse.quality.length - 1;
          await wait(8000);
          const under = await bo();
          const levels = under.quality.slice(mark);
          // Never "good", and "fair" or "poor" shown: a machine that stalls a second or two (no
          // packet in a sampling interval) may also show "lost" for a moment, which is not "good".
          assert.ok(
            !levels.includes('good') && levels.some((l) => l === 'fair' || l === 'poor'),
            `Bo showed Ada ${levels.join(' → ')} under loss and delay`,
          );
          // Up: not failed nor closed (ICE may say `disconnected` for a moment under 5 % loss, as
          // Firefox did once in a clean-clone run; "good" coming back below needs it connected).
          assert.ok(
            under.state === 'connected' || under.state === 'disconnected',
            `the call did not stay up: ${under.state}`,
          );
          await framesRise(call, 1, worse, 'under loss and delay');
        } finally {
          link.set({});
          await relay.setDelay(0, 0);
        }
        const good = await until('Bo did not show Ada "good" again', bo, (v) => v.quality.at(-1) === 'good', 60_000);
        assert.equal(good.state, 'connected');
      });

    if (plan.includes('outage'))
      it('a link down for 5 s: the call recovers on the same RTCPeerConnection (an ICE restart if ICE noticed), none made', {
        skip: known.outage ?? false,
      }, async () => {
        const link = call.network.links[0]!;
        const before = await Promise.all([ada(), bo()]);
        link.setUp(false);
        try {
          // The outage is the condition under test: 5 s of nothing.
          await wait(5000);
        } finally {
          link.setUp(true);
        }
        for (const [i, read] of [ada, bo].entries()) {
          const who = i === 0 ? 'Ada' : 'Bo';
          const after = await until(
            `${who}'s call did not come back`,
            read,
            (v) => v.state === 'connected' && v.frames > before[i]!.frames,
            45_000,
          );
          await framesRise(call, i, after, `${who} after the outage`);
          const end = await read();
          assert.equal(end.peerConnections, before[i]!.peerConnections, `${who}'s page made a new RTCPeerConnection`);
          assert.equal(end.remotes, 1);
          // ICE that noticed the outage (left "connected") came back through a restart: new credentials.
          const noticed = end.iceChanges > before[i]!.iceChanges;
          if (noticed)
            assert.notEqual(end.ufrag, before[i]!.ufrag, `${who}'s ICE went ${end.ice.join(', ')} without a restart`);
        }
      });
  });
}

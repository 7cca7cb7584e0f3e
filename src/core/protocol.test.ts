import { expect } from '@open-wc/testing';
import { MAX_STATE_BYTES, checkState, isValidName, isValidRoom, isValidState } from './protocol.js';
import { tokenName } from './token.js';
import { resolveSignalingUrl } from './signaling-client.js';

describe('protocol validation', () => {
  it('accepts room names of 1 to 64 of A-Z a-z 0-9 . _ -, and nothing else', () => {
    for (const room of ['a', 'Room_1.b-c', 'x'.repeat(64)]) expect(isValidRoom(room), room).to.equal(true);
    for (const room of ['', 'x'.repeat(65), 'with space', 'ünïcode', 'a/b', '../x', 42, null, undefined]) {
      expect(isValidRoom(room), String(room)).to.equal(false);
    }
  });

  it('accepts display names of at most 64 characters without control characters', () => {
    for (const name of ['', 'Ada', '😀'.repeat(64), '<b>bold</b>']) expect(isValidName(name), name).to.equal(true);
    for (const name of ['😀'.repeat(65), 'line\nbreak', 'nul\u0000', '\u0085', 7, {}]) {
      expect(isValidName(name), JSON.stringify(name)).to.equal(false);
    }
  });
});

describe('participant state validation', () => {
  it('accepts plain JSON objects of at most 1024 bytes of UTF-8 compact JSON', () => {
    expect(MAX_STATE_BYTES).to.equal(1024);
    const fits = [
      {},
      { audio: true, video: false, screen: false, hand: false },
      { list: [1, 'two', null, { three: [] }], n: -1.5e-7 },
      // `{"k":""}` is 8 bytes: these are exactly 1024.
      { k: 'x'.repeat(1016) },
      { k: 'é'.repeat(508) },
      Object.assign(Object.create(null), { bare: true }),
    ];
    for (const state of fits) expect(checkState(state), JSON.stringify(state).slice(0, 40)).to.equal('ok');
  });

  it('says why anything else is not a state', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: Array<[unknown, string]> = [
      [[], 'not-object'],
      [null, 'not-object'],
      ['{}', 'not-object'],
      [3, 'not-object'],
      [undefined, 'not-object'],
      [new Date(), 'not-object'],
      [new Map(), 'not-object'],
      [{ when: new Date() }, 'not-json'],
      [{ missing: undefined }, 'not-json'],
      [{ n: Number.NaN }, 'not-json'],
      [{ n: Number.POSITIVE_INFINITY }, 'not-json'],
      [{ f: () => 1 }, 'not-json'],
      [{ big: 1n }, 'not-json'],
      [{ holes: new Array(2) }, 'not-json'],
      [{ k: 'x'.repeat(1017) }, 'too-large'],
      [{ k: 'é'.repeat(509) }, 'too-large'],
      // Six bytes each once escaped.
      [{ k: '\u0001'.repeat(170) }, 'too-large'],
      [deep, 'too-large'],
      [cyclic, 'too-large'],
    ];
    for (const [value, expected] of cases) {
      expect(checkState(value), String(expected)).to.equal(expected);
      expect(isValidState(value)).to.equal(false);
    }
    const throwing = {
      get boom() {
        throw new Error('no');
      },
    };
    expect(checkState(throwing)).to.equal('not-json');
  });
});

describe('resolveSignalingUrl', () => {
  it('turns every usable server setting into a WebSocket URL', () => {
    const base = 'https://example.com/app/page.html';
    expect(resolveSignalingUrl(undefined, base)).to.equal('wss://example.com/signal');
    expect(resolveSignalingUrl('', base)).to.equal('wss://example.com/signal');
    expect(resolveSignalingUrl('/rtc', base)).to.equal('wss://example.com/rtc');
    expect(resolveSignalingUrl('ws://host:8787/signal', base)).to.equal('ws://host:8787/signal');
    expect(resolveSignalingUrl('http://host:8787/signal', base)).to.equal('ws://host:8787/signal');
    expect(resolveSignalingUrl('https://host/signal', 'http://localhost/')).to.equal('wss://host/signal');
  });

  it('refuses what is not ws(s) or http(s) with invalid-server', () => {
    for (const server of ['ftp://host/signal', 'javascript:alert(1)', 'http://']) {
      expect(() => resolveSignalingUrl(server, 'https://example.com/'))
        .to.throw()
        .with.property('code', 'invalid-server');
    }
  });
});

describe('tokenName', () => {
  const encode = (claims: object) =>
    `e30.${btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(claims))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')}.sig`;

  it('reads the name claim of a JWT, Unicode included', () => {
    expect(tokenName(encode({ room: 'r', name: 'Zoë 😀' }))).to.equal('Zoë 😀');
  });

  it('gives nothing for tokens without a usable name', () => {
    for (const token of [
      undefined,
      '',
      'not-a-jwt',
      'a.!!!.c',
      encode({ room: 'r' }),
      encode({ name: 'x\n' }),
      encode({ name: 3 }),
    ]) {
      expect(tokenName(token), String(token)).to.equal(undefined);
    }
  });
});

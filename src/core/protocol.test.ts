import { expect } from '@open-wc/testing';
import { isValidName, isValidRoom } from './protocol.js';
import { tokenName } from './room.js';
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

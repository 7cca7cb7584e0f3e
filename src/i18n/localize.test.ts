import { expect } from '@open-wc/testing';
import { langOf, loadLocale, lookup, plural, resetStrings, setStrings, term } from './localize.js';

describe('strings', () => {
  afterEach(() => resetStrings());

  it('are English by default, with placeholders filled and plurals by Intl.PluralRules', () => {
    expect(term('en', 'room.waiting', { room: 'demo' })).to.equal('Waiting for others to join “demo”…');
    expect(plural('en', 'room.people', 1)).to.equal('1 person');
    expect(plural('en', 'room.people', 3)).to.equal('3 people');
    expect(plural('en', 'room.people', 1200)).to.equal('1,200 people');
  });

  it('are replaced key by key, fall back from a region to its language then English', () => {
    // Dutch ships no table: what the page registers, then English.
    setStrings('nl', {
      'room.status.connected': 'Verbonden',
      'room.people': { one: '{count} persoon', other: '{count} personen' },
    });
    expect(term('nl', 'room.status.connected')).to.equal('Verbonden');
    expect(term('nl-BE', 'room.status.connected')).to.equal('Verbonden');
    expect(term('NL_be', 'room.status.connected')).to.equal('Verbonden');
    expect(term('nl', 'room.retry')).to.equal('Try again');
    expect(plural('nl', 'room.people', 1)).to.equal('1 persoon');
    expect(plural('nl', 'room.people', 1500)).to.equal('1.500 personen');
    setStrings('en', { 'room.retry': 'Retry' });
    expect(term('nl', 'room.retry')).to.equal('Retry');
    expect(lookup('ko', 'room.retry')).to.equal('Retry');
  });

  it('come from the shipped table of a language, under what the page registers for it', async () => {
    expect(await loadLocale('fr-CA')).to.equal(true);
    expect(term('fr-CA', 'room.retry')).to.equal('Réessayer');
    setStrings('fr', {
      'room.status.connected': 'En ligne',
      'room.people': { one: '{count} participant', other: '{count} participants' },
    });
    expect(term('fr', 'room.status.connected')).to.equal('En ligne');
    expect(term('fr', 'room.retry')).to.equal('Réessayer');
    // French counts 0 and 1 as "one"; its numbers use a narrow no-break space.
    expect(plural('fr', 'room.people', 0)).to.equal('0 participant');
    expect(plural('fr', 'room.people', 1500)).to.equal('1\u202f500 participants');
    // A changed English string does not reach a language that has its own.
    setStrings('en', { 'room.retry': 'Retry' });
    expect(term('fr', 'room.retry')).to.equal('Réessayer');
    // Forgetting the page's strings keeps the shipped table.
    resetStrings();
    expect(term('fr', 'room.status.connected')).to.equal('Connecté');
    expect(plural('fr', 'room.people', 0)).to.equal('0 personne');
    expect(await loadLocale('en-GB')).to.equal(false);
    expect(await loadLocale('tlh')).to.equal(false);
  });

  it('choose English plural forms by English rules in a language without its own', () => {
    // Korean has one plural category (other); its page still reads "1 person".
    expect(plural('ko', 'room.people', 1)).to.equal('1 person');
    expect(plural('ko', 'room.people', 2)).to.equal('2 people');
  });

  it('use every plural category a language has', () => {
    setStrings('pl', {
      'room.people': { one: '{count} osoba', few: '{count} osoby', many: '{count} osób', other: '{count} osoby' },
    });
    expect([1, 3, 5, 22].map((n) => plural('pl', 'room.people', n))).to.deep.equal([
      '1 osoba',
      '3 osoby',
      '5 osób',
      '22 osoby',
    ]);
  });

  it('survive a malformed lang and unknown placeholders', () => {
    expect(plural('not a language!', 'room.people', 2)).to.equal('2 people');
    expect(term('en', 'room.label.named')).to.equal('Video room {room}');
  });

  it('follow the closest lang attribute, across shadow roots', () => {
    const outer = document.createElement('div');
    outer.lang = 'fr';
    const host = document.createElement('div');
    outer.append(host);
    document.body.append(outer);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    try {
      expect(langOf(inner)).to.equal('fr');
      inner.lang = 'ar';
      expect(langOf(inner)).to.equal('ar');
    } finally {
      outer.remove();
    }
  });
});

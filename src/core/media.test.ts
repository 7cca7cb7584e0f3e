// The mapping of getUserMedia failures to codes is pure logic: these build the errors browsers
// throw as plain DOMExceptions (a NotReadableError cannot be provoked on demand here; the other
// names are also provoked for real in test/browser/media-faults.test.ts).
import { expect } from '@open-wc/testing';
import { mediaError } from './media.js';

describe('mediaError', () => {
  it('tells a refusal, a missing device, a busy one and impossible constraints apart', () => {
    const cases: [string, string][] = [
      ['NotAllowedError', 'media-denied'],
      ['SecurityError', 'media-denied'],
      ['NotFoundError', 'media-unavailable'],
      ['NotReadableError', 'media-busy'],
      ['AbortError', 'media-busy'],
      ['OverconstrainedError', 'media-constraints'],
      ['NotSupportedError', 'media-unavailable'],
    ];
    for (const [name, code] of cases) {
      const error = mediaError(new DOMException('x', name), ['microphone']);
      expect(error.code, name).to.equal(code);
      expect(error.message).to.contain('microphone');
      if (code !== 'media-denied') expect(error.message).to.contain(name);
      expect(error.devices).to.deep.equal(['microphone']);
    }
    expect(mediaError(new DOMException('x', 'NotReadableError'), ['camera']).message).to.contain(
      'in use by another app',
    );
    expect(mediaError(undefined, ['camera']).code).to.equal('media-unavailable');
    expect(mediaError(null, ['camera']).code).to.equal('media-unavailable');
  });
});

import { expect } from '@open-wc/testing';
import { mediaError } from './media.js';

describe('mediaError', () => {
  it('tells a refusal from a missing or busy device', () => {
    expect(mediaError(new DOMException('no', 'NotAllowedError'), ['camera']).code).to.equal('media-denied');
    expect(mediaError(new DOMException('no', 'SecurityError'), ['camera']).code).to.equal('media-denied');
    for (const name of ['NotFoundError', 'NotReadableError', 'OverconstrainedError', 'AbortError']) {
      const error = mediaError(new DOMException('x', name), ['microphone']);
      expect(error.code).to.equal('media-unavailable');
      expect(error.message).to.contain('microphone').and.contain(name);
      expect(error.devices).to.deep.equal(['microphone']);
    }
    expect(mediaError(undefined, ['camera']).code).to.equal('media-unavailable');
  });
});

/**
 * The English error texts are a chunk of their own, loaded the first time one is needed: until
 * then an error reads as the fallback its caller gives (the error's own message), and the elements
 * re-render when the texts arrive. This file's page loads nothing else first.
 */
import { expect } from '@open-wc/testing';
import { errorText } from './errors.js';
import { loadErrorTexts, onStringsChange } from './localize.js';

describe('the English error texts', () => {
  it('are not in the page until needed: the fallback first, the texts once loaded, and a re-render', async () => {
    const loaded = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('errors.strings'));
    expect(loaded, 'loaded before anything asked').to.deep.equal([]);
    let changes = 0;
    const stop = onStringsChange(() => changes++);
    const first = errorText('en', 'room-full', 'room has 3 peers already');
    expect(first).to.deep.equal({
      title: 'room has 3 peers already',
      hint: '',
      text: 'room has 3 peers already',
    });
    await loadErrorTexts();
    stop();
    expect(changes, 'the elements are told to re-render').to.equal(1);
    expect(errorText('en', 'room-full', 'room has 3 peers already').text).to.equal(
      'The room is full. Try again in a moment.',
    );
    // Other languages carry their error texts in their own table (loaded with the language).
    expect(errorText('en', 'a-code-of-a-newer-server').title).to.equal('Something went wrong.');
  });
});

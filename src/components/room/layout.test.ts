import { expect } from '@open-wc/testing';
import { gridLayout } from './layout.js';

describe('gridLayout', () => {
  it('makes tiles as large as they fit', () => {
    expect(gridLayout(1, 1600, 900, 8)).to.deep.equal({ columns: 1, tileWidth: 1600 });
    expect(gridLayout(2, 1600, 900, 8).columns).to.equal(2);
    expect(gridLayout(4, 1600, 900, 8).columns).to.equal(2);
    expect(gridLayout(9, 1600, 900, 8).columns).to.equal(3);
    // Three on a wide stage: side by side beats two rows with a blank quarter.
    expect(gridLayout(3, 1600, 600, 8).columns).to.equal(3);
  });

  it('stacks tiles on a phone held upright', () => {
    expect(gridLayout(2, 390, 700, 8).columns).to.equal(1);
    expect(gridLayout(3, 390, 700, 8).columns).to.equal(1);
  });

  it('keeps every tile inside the stage', () => {
    for (const [count, width, height] of [
      [5, 1280, 720],
      [7, 800, 800],
      [12, 1920, 1080],
      [3, 500, 900],
    ] as const) {
      const { columns, tileWidth } = gridLayout(count, width, height, 8);
      const rows = Math.ceil(count / columns);
      expect(columns * tileWidth + 8 * (columns - 1)).to.be.at.most(width);
      expect(rows * (tileWidth / (16 / 9)) + 8 * (rows - 1)).to.be.at.most(height + 1);
    }
  });

  it('survives an empty or unmeasured stage', () => {
    expect(gridLayout(0, 800, 600, 8).columns).to.equal(1);
    expect(gridLayout(4, 0, 0, 8).tileWidth).to.equal(0);
    expect(gridLayout(4, 800, 0, 8).columns).to.equal(2);
  });
});

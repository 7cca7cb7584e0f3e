import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../../test/browser/helpers.js';
import { canvasStream, StaticSession, staticParticipant } from '../../../test/browser/static-session.js';
import { updateParticipant } from '../../core/participant.js';
import type { RtcParticipant } from '../participant/participant.js';
import './rtc-room.js';
import type { RtcRoom } from './room.js';

const streams: MediaStream[] = [];
function camera(label: string) {
  const stream = canvasStream(label);
  streams.push(stream);
  return stream;
}

/** A session of `names` (the first is you), connected. */
function call(...names: string[]) {
  const people = names.map((name, i) => staticParticipant(`p${i}`, name, i === 0, camera(name[0]!)));
  return { session: new StaticSession('connected', people), people };
}

async function room(session: StaticSession, attributes = '') {
  const element = await fixture<RtcRoom>(html`<rtc-room style="height: 600px; width: 1000px"></rtc-room>`);
  for (const attribute of attributes.split(' ').filter(Boolean)) element.setAttribute(attribute, '');
  element.session = session;
  await element.updateComplete;
  return element;
}

const main = (element: RtcRoom) => element.shadowRoot!.querySelector<RtcParticipant>('.main > rtc-participant');
const strip = (element: RtcRoom) => [
  ...element.shadowRoot!.querySelectorAll<RtcParticipant>('.strip > rtc-participant'),
];
const grid = (element: RtcRoom) => [...element.shadowRoot!.querySelectorAll<RtcParticipant>('.grid > rtc-participant')];

describe('<rtc-room> layouts and announcements', () => {
  afterEach(() => {
    for (const stream of streams.splice(0)) for (const track of stream.getTracks()) track.stop();
  });

  it('shows everyone in one grid, then the shared screen large with the people in a strip', async () => {
    const { session, people } = call('Ada', 'Bo', 'Cy');
    const element = await room(session);
    expect(grid(element)).to.have.length(3);
    expect(main(element)).to.equal(null);
    updateParticipant(people[1]!, { state: { screen: true }, screenStream: camera('S') });
    session.add(staticParticipant('p9', 'Di', false, camera('D')));
    await element.updateComplete;
    expect(element.matches(':state(focus)')).to.equal(true);
    expect(main(element)!.screen).to.equal(true);
    expect(main(element)!.participant).to.equal(people[1]);
    expect(strip(element).map((tile) => tile.participant!.name)).to.deep.equal(['Ada', 'Bo', 'Cy', 'Di']);
    await expect(element).to.be.accessible();
  });

  it('pins a tile from its button, and shows the speaker large with layout="speaker"', async () => {
    const { session, people } = call('Ada', 'Bo', 'Cy');
    const element = await room(session, '');
    element.layout = 'speaker';
    await element.updateComplete;
    // Nobody has spoken yet: everyone the same size.
    expect(main(element)).to.equal(null);
    session.speak(people[2]!);
    await element.updateComplete;
    expect(main(element)!.participant).to.equal(people[2]);
    // A pinned tile wins over the speaker.
    const bo =
      grid(element).find((tile) => tile.participant === people[1]) ??
      strip(element).find((tile) => tile.participant === people[1])!;
    bo.shadowRoot!.querySelector<HTMLButtonElement>('[part=pin]')!.click();
    await element.updateComplete;
    expect(main(element)!.participant).to.equal(people[1]);
    expect(main(element)!.pinned).to.equal(true);
    main(element)!.shadowRoot!.querySelector<HTMLButtonElement>('[part=pin]')!.click();
    await element.updateComplete;
    expect(main(element)!.participant).to.equal(people[2]);
  });

  it('announces joins, leaves, microphones and hands politely, never your own', async () => {
    const { session, people } = call('Ada', 'Bo');
    const element = await room(session);
    const live = () => element.shadowRoot!.querySelector('[aria-live=polite]')!.textContent!.trim();
    session.add(staticParticipant('p5', 'Cy', false, camera('C')));
    await element.updateComplete;
    expect(live()).to.equal('Cy joined');
    updateParticipant(people[1]!, { state: { audio: false } });
    session.dispatchEvent(new CustomEvent('participant-updated', { detail: { participant: people[1] } }));
    await element.updateComplete;
    expect(live()).to.equal('Bo turned their microphone off');
    updateParticipant(people[1]!, { state: { audio: false, hand: true } });
    session.dispatchEvent(new CustomEvent('participant-updated', { detail: { participant: people[1] } }));
    await element.updateComplete;
    expect(live()).to.equal('Bo raised their hand');
    // Your own changes are yours to know: not announced.
    await session.setMicrophoneEnabled(false);
    await element.updateComplete;
    expect(live()).to.equal('Bo raised their hand');
  });

  it('shows the control bar by default, none with no-controls, or the page’s own in its slot', async () => {
    const { session } = call('Ada', 'Bo');
    const element = await room(session);
    expect(element.shadowRoot!.querySelector('rtc-controls')).to.not.equal(null);
    element.noControls = true;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('rtc-controls')).to.equal(null);
    element.noControls = false;
    const own = document.createElement('button');
    own.slot = 'controls';
    own.textContent = 'Our own controls';
    element.append(own);
    await element.updateComplete;
    const slot = element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name=controls]')!;
    expect(slot.assignedElements()).to.deep.equal([own]);
  });

  it('stacks the tiles in a narrow, tall room (a phone held upright)', async () => {
    const { session } = call('Ada', 'Bo', 'Cy');
    const element = await fixture<RtcRoom>(html`<rtc-room no-controls style="width: 380px; height: 760px"></rtc-room>`);
    element.session = session;
    await element.updateComplete;
    // The stage is measured after the first frame: wait for the tiles to take their size.
    const boxes = await eventually(() => {
      const all = grid(element).map((tile) => tile.getBoundingClientRect());
      return all.length === 3 && all.every((box) => box.width > 200) ? all : null;
    }, 'the tiles did not take their size');
    // One column: each tile under the one before.
    expect(boxes[1]!.top).to.be.at.least(boxes[0]!.bottom - 1);
    expect(boxes[2]!.top).to.be.at.least(boxes[1]!.bottom - 1);
  });

  it('counts the gap the page sets between tiles: three stay on one row, inside the stage', async () => {
    const { session } = call('Ada', 'Bo', 'Cy');
    const element = await fixture<RtcRoom>(
      html`<rtc-room no-controls style="width: 1000px; height: 420px; --rtc-room-gap: 24px"></rtc-room>`,
    );
    element.session = session;
    await element.updateComplete;
    // Before the stage is measured the tiles take a default width (and wrap): wait for the layout.
    const boxes = await eventually(() => {
      const all = grid(element).map((tile) => tile.getBoundingClientRect());
      return all.length === 3 && all.every((box) => Math.abs(box.top - all[0]!.top) < 1) ? all : null;
    }, 'the three tiles never shared a row');
    const stage = element.shadowRoot!.querySelector('[part=stage]')!.getBoundingClientRect();
    for (const box of boxes) {
      expect(box.left).to.be.at.least(stage.left - 1);
      expect(box.right).to.be.at.most(stage.right + 1);
      expect(box.bottom).to.be.at.most(stage.bottom + 1);
    }
  });

  it('alone, the tile and the "Waiting for others" line both fit the stage, under the status line', async () => {
    const { session } = call('Ada');
    const element = await fixture<RtcRoom>(
      html`<rtc-room no-controls style="width: 1200px; height: 600px"></rtc-room>`,
    );
    element.session = session;
    await element.updateComplete;
    const shadow = element.shadowRoot!;
    const stage = shadow.querySelector('[part=stage]')!.getBoundingClientRect();
    // Wait for the measured layout: the tile takes the stage's height, less the line under it.
    const tile = await eventually(() => {
      const box = grid(element)[0]?.getBoundingClientRect();
      return box && box.height > stage.height / 2 ? box : null;
    }, 'the tile never took its size');
    const line = shadow.querySelector('[part=empty]')!.getBoundingClientRect();
    const header = shadow.querySelector('[part=header]')!.getBoundingClientRect();
    expect(tile.top).to.be.at.least(stage.top - 1);
    expect(tile.top).to.be.at.least(header.bottom - 1);
    expect(tile.bottom).to.be.at.most(line.top + 1);
    expect(line.bottom).to.be.at.most(stage.bottom + 1);
  });
});

/**
 * Meetings (protocol 1.2) in `<rtc-room>`, against real `rtc-signal` processes: with `--hosts
 * first`, the host sees the others' reactions and hands in order, takes the next hand, mutes,
 * locks, removes and ends, each through its buttons; with `--waiting-room '*'` a newcomer waits,
 * is let in, and another is turned away without ever seeing anyone (the host's knock buttons
 * pressed with the keyboard).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { RtcRoom } from '../../src/components/room/room.js';
import type { RtcErrorEvent } from '../../src/events/rtc-error.js';
import { eventually, nextEvent, uniqueRoom } from './helpers.js';
import { addRoom, connections, tiles } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

async function startServer(args: string[]) {
  return executeServerCommand<{ id: string; url: string }, { args: string[] }>('rtc-server-start', { args });
}

/** The element's meeting region, once it shows. */
function part(room: RtcRoom, name: string): HTMLElement | null {
  return room.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** The button of `part` in the host's row of participant `id`. */
function personButton(host: RtcRoom, id: string, name: string): HTMLButtonElement | null {
  return host.shadowRoot!.querySelector<HTMLButtonElement>(`[part=people] [data-participant="${id}"] [part=${name}]`);
}

/** The tile of participant `id`. */
function tileOf(room: RtcRoom, id: string): HTMLElement | undefined {
  return tiles(room).find((tile) => tile.dataset.participant === id);
}

/** Starts an element joining `name` (no wait for its join). */
function place(container: HTMLElement, name: string, label: string, server: string): RtcRoom {
  const element = document.createElement('rtc-room');
  Object.assign(element, { room: name, name: label, server });
  container.append(element);
  return element;
}

describeWithWebRTC('meetings in <rtc-room>', () => {
  let container: HTMLDivElement;
  const started: string[] = [];

  beforeEach(async () => {
    container = await fixture(html`<div style="width: 900px"></div>`);
  });

  afterEach(async () => {
    container.replaceChildren();
    for (const id of started.splice(0)) await executeServerCommand('rtc-stop', { id });
  });

  it('a host sees reactions and hands in order, takes the next hand, mutes, locks, removes and ends', async () => {
    const server = await startServer(['--hosts', 'first']);
    started.push(server.id);
    const name = uniqueRoom('hosts');
    const host = await addRoom(container, name, 'Hosta', server.url);
    const guest = await addRoom(container, name, 'Gus', server.url);
    const guestId = guest.session!.local!.id;
    const hostId = host.session!.local!.id;
    await eventually(() => personButton(host, guestId, 'mute'), 'the host never got its controls for Gus');
    expect(part(guest, 'host') === null, 'a guest has host controls').to.equal(true);
    expect(tileOf(guest, hostId)?.querySelector('[part=host-menu]') === null, 'a guest has a tile menu').to.equal(true);

    // A reaction: on the sender's tile at the host's, and said politely.
    await eventually(() => part(guest, 'reactions'), 'the guest has no reaction buttons');
    const party = [...guest.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=reactions] button')].find(
      (button) => button.textContent === '🎉',
    )!;
    party.click();
    await eventually(
      () => tileOf(host, guestId)?.querySelector('[part=reaction]')?.textContent === '🎉',
      'the reaction never showed on the guest’s tile at the host',
    );
    await eventually(
      () => host.shadowRoot!.querySelector('[aria-live=polite]')!.textContent!.includes('Gus reacted 🎉'),
      'the reaction was not announced',
    );

    // Hands: the guest's first, then the host's; the order on the tiles and in the list.
    guest.session!.setState({ hand: true });
    await eventually(() => host.session!.meeting?.hands.length === 1, 'the guest’s hand never reached the host');
    host.session!.setState({ hand: true });
    await eventually(
      () =>
        [...(part(guest, 'hands')?.querySelectorAll('li') ?? [])].map((li) => li.textContent!.trim()).join() ===
        'Gus,Hosta',
      'the guest never saw both hands in order in its list',
    );
    expect(tileOf(guest, hostId)!.querySelector('[part=hand-position]')!.textContent).to.equal('2');
    expect(tileOf(guest, guestId)!.querySelector('[part=hand-position]')!.getAttribute('aria-label')).to.equal(
      'Hand raised, number 1',
    );
    part(host, 'next-hand')!.click();
    await eventually(() => guest.session!.local!.handRaised === false, 'the next hand (the guest’s) was not lowered');
    await eventually(
      () => tileOf(guest, hostId)!.querySelector('[part=hand-position]')?.textContent === '1',
      'the host’s hand did not become the first',
    );

    // Mute: the guest's client turns its microphone off and says who asked.
    expect(guest.session!.local!.state.audio).to.equal(true);
    // From the guest's tile: its host menu opens with Enter.
    const menu = tileOf(host, guestId)!.querySelector<HTMLDetailsElement>('[part=host-menu]')!;
    expect(menu.querySelector('summary')!.getAttribute('aria-label')).to.equal('Host controls for Gus');
    menu.querySelector('summary')!.focus();
    await sendKeys({ press: 'Enter' });
    await eventually(() => menu.open, 'Enter did not open the tile’s host menu');
    menu.querySelector<HTMLButtonElement>('[part=mute]')!.click();
    await eventually(() => guest.session!.local!.state.audio === false, 'the guest was not muted');
    await eventually(
      () => part(guest, 'asked')?.textContent === 'Hosta muted your microphone',
      'no notice of who muted',
    );

    // Lock: a newcomer is refused.
    part(host, 'lock')!.click();
    await eventually(() => host.session!.meeting?.locked, 'the room never locked');
    const late = place(container, name, 'Late', server.url);
    expect((await nextEvent<RtcErrorEvent>(late, 'rtc-error', (e) => e.fatal)).code).to.equal('locked');
    await eventually(() => part(host, 'lock')!.textContent === 'Unlock the room', 'the lock button did not turn');

    // Remove: the guest is closed with its own error, and leaves the host's stage.
    const removed = nextEvent<RtcErrorEvent>(guest, 'rtc-error', (e) => e.fatal);
    personButton(host, guestId, 'remove')!.click();
    expect((await removed).code).to.equal('removed');
    await eventually(
      () => guest.shadowRoot!.querySelector('[role=alert]')?.textContent?.includes('A host removed you from the call'),
      'the guest was not told it was removed',
    );
    await eventually(() => tiles(host).length === 1, 'the removed guest kept a tile at the host');

    // End: for everyone, the host included.
    const ended = nextEvent<RtcErrorEvent>(host, 'rtc-error', (e) => e.fatal);
    part(host, 'end')!.click();
    expect((await ended).code).to.equal('ended');
  });

  it('waiting room: one newcomer is let in, another turned away without ever seeing anyone', async () => {
    const server = await startServer(['--hosts', 'first', '--waiting-room', '*']);
    started.push(server.id);
    const name = uniqueRoom('lobby');
    const host = await addRoom(container, name, 'Hosta', server.url);

    const ann = place(container, name, 'Ann', server.url);
    await eventually(
      () => part(ann, 'waiting')?.textContent === 'Waiting for a host to let you in…',
      'Ann was not told she waits',
    );
    await eventually(() => part(host, 'knocks')?.textContent?.includes('Ann'), 'the host never saw Ann knock');
    const joined = nextEvent(ann, 'rtc-joined');
    // By keyboard: the knock's buttons are buttons (Enter, then Space below).
    part(host, 'admit')!.focus();
    await sendKeys({ press: 'Enter' });
    await joined;
    await eventually(
      () => tiles(ann).length === 2 && tiles(host).length === 2,
      'Ann and the host do not see each other',
    );

    const bob = place(container, name, 'Bob', server.url);
    const seen: string[] = [];
    bob.addEventListener('rtc-peer-joined', (e) =>
      seen.push(String((e as Event & { participant?: { id: string } }).participant?.id)),
    );
    await eventually(() => part(bob, 'waiting'), 'Bob was not told he waits');
    await eventually(() => part(host, 'knocks')?.textContent?.includes('Bob'), 'the host never saw Bob knock');
    const denied = nextEvent<RtcErrorEvent>(bob, 'rtc-error', (e) => e.fatal);
    part(host, 'deny')!.focus();
    await sendKeys({ press: ' ' });
    expect((await denied).code).to.equal('denied');
    await eventually(
      () => bob.shadowRoot!.querySelector('[role=alert]')?.textContent?.includes('A host did not let you in'),
      'Bob was not told he was turned away',
    );
    expect(part(bob, 'waiting')?.textContent ?? null, 'Bob is still told he waits').to.equal(null);
    // On Bob's side: nobody, no connection, no media.
    expect(seen).to.deep.equal([]);
    expect(bob.session!.remote.size).to.equal(0);
    expect(bob.session!.meeting, 'Bob got the room’s meeting state').to.equal(undefined);
    expect(connections(bob).length, 'Bob has peer connections').to.equal(0);
    expect(tiles(bob).filter((tile) => !tile.matches('[part~=local]')).length, 'Bob shows others’ tiles').to.equal(0);
    expect(tiles(host).length).to.equal(2);
  });
});

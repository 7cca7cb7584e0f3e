/**
 * The demo page: joins the room named in `?room=` (or a fresh one, written into the address bar
 * so the link can be shared) with the name from `?name=`, the name field, or the last one used.
 */
import type { RtcRoom } from '../src/components/room/room.js';

const params = new URLSearchParams(location.search);
let roomName = params.get('room') ?? '';
if (!roomName) {
  roomName = `room-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
  params.set('room', roomName);
  history.replaceState(null, '', `${location.pathname}?${params}`);
}

const room = document.querySelector<RtcRoom>('#room')!;
const nameField = document.querySelector<HTMLInputElement>('#name')!;
const copy = document.querySelector<HTMLButtonElement>('#copy')!;
const toggle = document.querySelector<HTMLButtonElement>('#toggle')!;

// ?media=none joins to watch and listen only, without camera or microphone.
if (params.get('media') === 'none') room.media = false;

nameField.value = params.get('name') ?? localStorage.getItem('rtc-demo-name') ?? '';
room.name = nameField.value.trim();
room.room = roomName;

nameField.addEventListener('change', () => {
  const name = nameField.value.trim();
  localStorage.setItem('rtc-demo-name', name);
  room.name = name; // rejoins under the new name
});

copy.addEventListener('click', async () => {
  const link = new URL(location.href);
  link.searchParams.delete('name');
  try {
    await navigator.clipboard.writeText(link.href);
    copy.textContent = 'Link copied';
  } catch {
    prompt('Copy this link:', link.href);
  }
  setTimeout(() => (copy.textContent = 'Copy invite link'), 2000);
});

toggle.addEventListener('click', () => {
  if (room.state === 'closed' || room.state === 'error' || room.state === 'idle') room.join();
  else room.leave();
});
room.addEventListener('rtc-state-change', (e) => {
  toggle.textContent = e.state === 'closed' || e.state === 'error' ? 'Join' : 'Leave';
});
room.addEventListener('rtc-error', (e) => console.warn(`rtc-error ${e.code}: ${e.error.message}`));

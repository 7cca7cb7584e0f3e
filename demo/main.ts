/**
 * The demo page: the room named in `?room=` (or a fresh one, written into the address bar so the
 * link can be shared) behind a lobby (camera preview, devices, your name, Join), then the call with
 * its controls, chat, device settings and call statistics (the settings button opens `<rtc-stats>`
 * under the devices: quality, route and numbers of every link; a person's row opens their link in
 * detail, codecs included). `?name=` fills in the name; the last one used is kept.
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
const copy = document.querySelector<HTMLButtonElement>('#copy')!;
const rejoin = document.querySelector<HTMLButtonElement>('#rejoin')!;

// ?media=none joins to watch and listen only, without camera or microphone.
if (params.get('media') === 'none') room.media = false;

// ?lang=de shows the room in that language (the kit loads its strings); Arabic and Hebrew right to left.
const lang = params.get('lang');
if (lang) {
  room.lang = lang;
  room.dir = /^(ar|he|iw)\b/i.test(lang) ? 'rtl' : 'ltr';
}

room.name = params.get('name') ?? localStorage.getItem('rtc-demo-name') ?? '';
room.room = roomName;
room.addEventListener('rtc-joined', () => localStorage.setItem('rtc-demo-name', room.name));

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

// After leaving (the controls' Leave button), one click joins again.
rejoin.addEventListener('click', () => room.join());
room.addEventListener('rtc-state-change', (e) => {
  rejoin.hidden = !(e.state === 'closed' || e.state === 'error');
});
room.addEventListener('rtc-error', (e) => console.warn(`rtc-error ${e.code}: ${e.error.message}`));

// Which way the media travels: peer to peer (Mesh), or through the server's SFU (SFU).
const media = document.querySelector<HTMLElement>('#media')!;
const showMedia = () => {
  const path = room.session?.media;
  media.textContent = room.state === 'connected' && path ? (path === 'sfu' ? 'SFU' : 'Mesh') : '';
};
room.addEventListener('rtc-state-change', showMedia);
room.addEventListener('rtc-joined', () => room.session?.addEventListener('media', showMedia));

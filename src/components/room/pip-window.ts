/**
 * `<rtc-room>`'s picture-in-picture, a chunk of its own loaded the first time it is asked for (the
 * loader, picture-in-picture.ts, hands it what it needs; it imports nothing but types). Where the
 * browser has Document Picture-in-Picture (Chromium 116+, and the Firefox these tests run, 153), a small window shows who
 * matters now (a shared screen, else the active speaker, else the first other person) with
 * microphone, camera and leave buttons that act on the session; elsewhere the browser's video
 * picture-in-picture shows that person's video. The room's page is never changed: closing the
 * window leaves the room as it was.
 */
import type { Participant } from '../../core/participant.js';
import type { RoomSession } from '../../core/room-types.js';

/** The strings the window shows. */
export type PipKey = 'controls.label' | 'controls.microphone' | 'controls.camera' | 'controls.leave' | 'room.label';

export interface PipOptions {
  session: RoomSession;
  term: (key: PipKey) => string;
  /** Where the video picture-in-picture's `<video>` waits, hidden (the room's shadow root). */
  holder: HTMLElement | DocumentFragment;
  /** Called once the picture-in-picture closed, whoever closed it. */
  closed: () => void;
}

/** An open picture-in-picture: `close()` ends it. */
export interface PipView {
  close(): void;
  /** The Document Picture-in-Picture window, or null for the video kind. */
  readonly window: Window | null;
}

interface DocumentPip {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

const EVENTS = ['active-speaker', 'participant-joined', 'participant-left', 'participant-updated', 'state'] as const;

/** What the window shows: the last screen shared, else the speaker (not you), else the first other person, else you. */
export function shownStream(session: RoomSession): MediaStream | null {
  const people = session.participants;
  const sharing = people.findLast((p) => p.state.screen === true && p.screenStream);
  if (sharing) return sharing.screenStream;
  const speaker = session.activeSpeaker;
  const shown = speaker && !speaker.local ? speaker : (people.find((p) => !p.local) ?? session.local);
  return shown?.stream ?? null;
}

const STYLE = `
  body { margin: 0; display: grid; grid-template-rows: 1fr auto; height: 100vh; background: #111; color: #fff; font: 14px system-ui, sans-serif; }
  video { width: 100%; height: 100%; min-height: 0; object-fit: contain; }
  [role=group] { display: flex; gap: 8px; justify-content: center; padding: 8px; }
  button { font: inherit; padding: 6px 12px; border-radius: 999px; border: 1px solid #fff6; background: #fff2; color: inherit; cursor: pointer; }
  button[aria-pressed=false], button.leave { background: #c62a2a; }
  button:focus-visible { outline: 2px solid #8ab4ff; outline-offset: 2px; }
`;

/** Opens the picture-in-picture (call it from a click: the browser wants a user activation). */
export async function openPictureInPicture(options: PipOptions): Promise<PipView> {
  const documentPip = (globalThis as { documentPictureInPicture?: DocumentPip }).documentPictureInPicture;
  return documentPip ? openWindow(documentPip, options) : openVideo(options);
}

async function openWindow(documentPip: DocumentPip, { session, term, closed }: PipOptions): Promise<PipView> {
  const pip = await documentPip.requestWindow({ width: 420, height: 300 });
  const doc = pip.document;
  doc.title = term('room.label');
  doc.documentElement.lang = document.documentElement.lang;
  doc.documentElement.dir = document.documentElement.dir;
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const video = doc.createElement('video');
  video.autoplay = video.muted = video.playsInline = true;
  const bar = doc.createElement('div');
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', term('controls.label'));
  const button = (key: PipKey, act: () => unknown) => {
    const element = doc.createElement('button');
    element.type = 'button';
    element.textContent = term(key);
    element.dataset.button = key.slice('controls.'.length);
    // A refusal (a camera that will not open) is the session's non-fatal error; the button follows the state.
    element.addEventListener('click', () => void Promise.resolve(act()).catch(() => undefined));
    bar.append(element);
    return element;
  };
  const microphone = button('controls.microphone', () => session.setMicrophoneEnabled(!session.local?.audioEnabled));
  const camera = button('controls.camera', () => session.setCameraEnabled(!session.local?.videoEnabled));
  button('controls.leave', () => session.leave()).className = 'leave';
  doc.body.append(style, video, bar);

  let local: Participant | null = null;
  const update = () => {
    if (session.state === 'closed' || session.state === 'error') return view.close();
    const stream = shownStream(session);
    if (video.srcObject !== stream) video.srcObject = stream;
    microphone.setAttribute('aria-pressed', String(!!session.local?.audioEnabled));
    camera.setAttribute('aria-pressed', String(!!session.local?.videoEnabled));
    if (local !== session.local) {
      local?.removeEventListener('state', update);
      local = session.local;
      local?.addEventListener('state', update);
    }
  };
  const release = () => {
    for (const type of EVENTS) session.removeEventListener(type, update);
    local?.removeEventListener('state', update);
    video.srcObject = null;
    closed();
  };
  const view: PipView = {
    window: pip,
    close: () => pip.close(),
  };
  for (const type of EVENTS) session.addEventListener(type, update);
  pip.addEventListener('pagehide', release, { once: true });
  update();
  return view;
}

async function openVideo({ session, holder, closed }: PipOptions): Promise<PipView> {
  const video = document.createElement('video');
  video.muted = video.playsInline = true;
  video.style.cssText = 'position:fixed;width:1px;height:1px;opacity:0;pointer-events:none';
  video.srcObject = shownStream(session);
  holder.append(video);
  const update = () => {
    if (session.state === 'closed' || session.state === 'error') return view.close();
    const stream = shownStream(session);
    if (video.srcObject !== stream) video.srcObject = stream;
  };
  const view: PipView = {
    window: null,
    close: () => {
      if (document.pictureInPictureElement === video) void document.exitPictureInPicture().catch(() => undefined);
      else video.dispatchEvent(new Event('leavepictureinpicture'));
    },
  };
  video.addEventListener(
    'leavepictureinpicture',
    () => {
      for (const type of EVENTS) session.removeEventListener(type, update);
      video.remove();
      closed();
    },
    { once: true },
  );
  try {
    await video.play();
    await video.requestPictureInPicture();
  } catch (error) {
    video.dispatchEvent(new Event('leavepictureinpicture'));
    throw error;
  }
  for (const type of EVENTS) session.addEventListener(type, update);
  return view;
}

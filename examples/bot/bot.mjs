#!/usr/bin/env node
/**
 * A bot in a room: it joins as a participant named as a bot, sends a test card and a tone (or a
 * file, --play), records everyone's audio and video to one WebM file each, and answers /help,
 * /who and /recording in the chat. Ctrl-C (or SIGTERM) ends it cleanly, every file complete.
 *
 *   npm run bot -- --url ws://localhost:8787/signal --room hello [--name N] [--play FILE] [--out DIR]
 *
 * Needs the optional packages werift and ws (npm install werift ws) and ffmpeg on the PATH.
 */
import { parseArgs } from 'node:util';
import { chatMessage, installWebRTC, isChatMessage, NodeMediaStream, nodeRoom } from 'rtc-elements/node';
import { answer } from './commands.mjs';
import { Recordings } from './recorder.mjs';
import { startTestCard } from './test-card.mjs';

const NOTICE = 'I am a bot and I record this call: your audio and video, to a file. Type /help for commands.';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    room: { type: 'string' },
    name: { type: 'string', default: 'Recorder (bot)' },
    play: { type: 'string' },
    out: { type: 'string', default: 'recordings' },
  },
});
if (!args.url || !args.room) {
  console.error('Usage: npm run bot -- --url ws://host/signal --room R [--name N] [--play FILE] [--out DIR]');
  process.exit(2);
}

const werift = await installWebRTC();
const card = await startTestCard(werift, { play: args.play });
const room = await nodeRoom({
  room: args.room,
  name: args.name,
  server: args.url,
  media: new NodeMediaStream([card.audio, card.video]),
});
const recordings = new Recordings(args.out, ({ name, path }) => console.log(`recording ${name} to ${path}`));
const say = (text, to) => room.send(chatMessage(text), to ? { to } : {});
const greeted = new Set();
const connections = new Map();

room.addEventListener('joined', () => room.setState({ bot: true, recording: true }));
room.addEventListener('participant-updated', ({ detail: { participant } }) => {
  if (participant.local) return;
  if (connections.get(participant.id) !== participant.connectionState) {
    connections.set(participant.id, participant.connectionState);
    console.log(`${participant.name || 'Guest'}: ${participant.connectionState}`);
  }
  if (participant.connectionState !== 'connected') return;
  recordings.follow(participant);
  // Everyone is told, once, as soon as their connection is up: also those who join later.
  if (!greeted.has(participant.id)) {
    greeted.add(participant.id);
    say(NOTICE, participant.id);
  }
});
room.addEventListener('participant-left', async ({ detail: { participant } }) => {
  const saved = await recordings.stop(participant.id);
  if (saved) console.log(`saved ${saved.path}`);
});
room.addEventListener('message', ({ detail: { from, data } }) => {
  if (!isChatMessage(data)) return;
  const reply = answer(data.text, { room, recordings });
  if (reply) say(reply);
  if (reply) console.log(`answered ${from.name}: ${data.text}`);
});
room.addEventListener('error', ({ detail: { error, fatal } }) =>
  console.error(`${fatal ? 'fatal' : 'error'}: ${error.message}`),
);

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // The files first, while their last packets are in: each is complete once stopAll resolves.
  for (const saved of await recordings.stopAll()) console.log(`saved ${saved.path}`);
  room.leave();
  card.stop();
  console.log('left');
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
room.addEventListener('state', ({ detail: { state } }) => {
  if (state === 'error') void stop(1);
});

await room.join();
console.log(`joined ${args.room} as ${args.name}`);

/**
 * One WebM file per participant (VP8 video and Opus audio, as they arrive), written by werift's
 * MediaRecorder. A recording starts once both kinds have brought a first packet (the file needs
 * both tracks' codecs) and ends when the participant leaves or the bot stops. werift writes the
 * stream as it comes (`.part.webm`); at the end ffmpeg copies it into the final file with its
 * duration and index (werift writes them only if its pipeline drains in time, which a busy
 * machine can miss), so every file is complete and seekable.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MediaRecorder } from 'werift/nonstandard';

export class Recordings {
  /** By participant id: { name, path, startedAt, recorder }. */
  #by = new Map();
  #dir;
  #onStart;

  /** `onStart({ name, path })`: a recording started. */
  constructor(dir, onStart) {
    this.#dir = dir;
    this.#onStart = onStart;
    mkdirSync(dir, { recursive: true });
  }

  /** Starts recording `participant` if it is not yet and both its tracks are there. */
  follow(participant) {
    const stream = participant.stream;
    const tracks = [stream?.getVideoTracks()[0], stream?.getAudioTracks()[0]];
    if (this.#by.has(participant.id) || tracks.some((track) => !track)) return;
    const safe = (participant.name || 'guest').replace(/[^\w.-]+/g, '_').slice(0, 40);
    const path = join(this.#dir, `${safe}-${participant.id.slice(0, 8)}.webm`);
    const part = path.replace(/\.webm$/, '.part.webm');
    // Timed by the RTP timestamps from the first packet on: with the defaults (sender reports'
    // NTP times, lip sync) the first seconds, until a sender report comes, would be lost.
    const recorder = new MediaRecorder({
      path: part,
      numOfTracks: 2,
      width: 640,
      height: 480,
      disableNtp: true,
      disableLipSync: true,
    });
    const entry = { name: participant.name, path, part, startedAt: null, recorder };
    this.#by.set(participant.id, entry);
    // The recorder needs each track's codec, known from its first packet.
    let started = 0;
    for (const track of tracks) {
      track.onReceiveRtp.once(() => {
        void recorder.addTrack(track);
        if (++started < 2) return;
        entry.startedAt = Date.now();
        // From a keyframe: ask for one now (the first ones went before the recorder listened).
        askKeyframe(participant, tracks[0]);
        this.#onStart(entry);
      });
    }
  }

  /** What is being recorded: [{ name, path, seconds }], those whose recording has started. */
  list() {
    return [...this.#by.values()]
      .filter((entry) => entry.startedAt !== null)
      .map(({ name, path, startedAt }) => ({ name, path, seconds: Math.round((Date.now() - startedAt) / 1000) }));
  }

  /** Ends the recording of `id` (left): its file is complete once this resolves. */
  async stop(id) {
    const entry = this.#by.get(id);
    this.#by.delete(id);
    if (!entry?.startedAt) return null;
    await entry.recorder.stop();
    try {
      await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-i', entry.part, '-c', 'copy', entry.path]);
      await rm(entry.part, { force: true });
      return entry;
    } catch (error) {
      // Nothing worth a file came (no keyframe), or no ffmpeg: what werift wrote stays.
      console.error(`could not finish ${entry.path}: ${error.message}`);
      return { ...entry, path: entry.part };
    }
  }

  /** Ends every recording. */
  async stopAll() {
    return (await Promise.all([...this.#by.keys()].map((id) => this.stop(id)))).filter(Boolean);
  }
}

/** Asks `participant`'s browser for a keyframe of `track` (an RTCP picture loss indication). */
function askKeyframe(participant, track) {
  const receiver = participant.transport?.peerConnection?.getReceivers().find((r) => r.tracks.includes(track));
  if (receiver && track.ssrc !== undefined) void receiver.sendRtcpPLI(track.ssrc).catch(() => undefined);
}

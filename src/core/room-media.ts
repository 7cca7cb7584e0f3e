/**
 * A room's local media: the tracks each join starts (microphone, camera, screen), the choices
 * made on them (on or off, which device, a stream of the page's own), and each change handed to
 * the transport and shared with the others. `Room` keeps the rest (the roster, joining and
 * leaving, its state, reconcile, events) and calls this for everything about its own media.
 */
import { RtcError } from './errors.js';
import { type DeviceKind, LocalTracks } from './local-tracks.js';
import { type Participant, updateParticipant } from './participant.js';
import type { RoomEventMap, RoomOptions, StatePatch } from './room-types.js';
import type { RoomTransport } from './transport/transport.js';

export interface RoomMediaHost {
  /** This join's transport (null while the room is not joining or joined). */
  transport(): RoomTransport | null;
  /** This page's participant, once joined: its `screenStream` follows the screen shared. */
  local(): Participant | null;
  /** Shares a change (`audio`, `video`, `screen`) with everyone and shows it on the local participant. */
  publish(patch: StatePatch): void;
  /** Fires the room's `device` event (a device was chosen) or `error` (not fatal: a camera or microphone problem). */
  emit<K extends 'device' | 'error'>(type: K, detail: RoomEventMap[K] extends CustomEvent<infer D> ? D : never): void;
}

export class RoomMedia {
  /** This join's tracks (null while the room is not joining or joined). */
  tracks: LocalTracks | null = null;
  /** The transport's track changes under way. */
  #sending: Promise<unknown> = Promise.resolve();
  #host: RoomMediaHost;

  constructor(host: RoomMediaHost) {
    this.#host = host;
  }

  /**
   * The tracks of a new join, on the devices `options.devices` prefers: from now on each of their
   * changes goes to the transport and is shared. `start` opens them.
   */
  open(options: Readonly<RoomOptions>): LocalTracks {
    const tracks = new LocalTracks();
    this.tracks = tracks;
    for (const [kind, id] of Object.entries(options.devices ?? {})) tracks.preferDevice(kind as DeviceKind, id);
    // A choice made while they start (the microphone muted) is shared and holds.
    tracks.addEventListener('track', (e) => {
      if (tracks !== this.tracks) return;
      const { role, track } = e.detail;
      this.#sending = Promise.all([this.#sending, this.#host.transport()?.setTrack(role, track)]).catch(
        () => undefined,
      );
      const local = this.#host.local();
      if (role === 'screen') {
        if (local) updateParticipant(local, { screenStream: tracks.screen });
        this.#host.publish({ screen: !!track });
      } else {
        this.#host.publish({ [role]: tracks.enabled(role) });
      }
    });
    tracks.addEventListener('device', (e) => this.#host.emit('device', e.detail));
    tracks.addEventListener('lost', (e) => this.#host.emit('error', { error: e.detail.error, fatal: false }));
    return tracks;
  }

  /** Opens `tracks` (`options.media`); resolves with the problems met (not fatal), never rejects. */
  start(tracks: LocalTracks, options: Readonly<RoomOptions>): Promise<RtcError[]> {
    const started = tracks.start(options.media);
    // Left (or re-joined, or failed) while the camera was starting: release what this call started.
    void started.then(() => this.tracks !== tracks && tracks.stop());
    return started;
  }

  /** Joined with our media: what it gave, on every connection made meanwhile. */
  send(transport: RoomTransport): void {
    const tracks = this.tracks!;
    this.#sending = Promise.all(
      (['audio', 'video'] as const).map((kind) => transport.setTrack(kind, tracks.sending(kind))),
    );
  }

  /** Whether the microphone and the camera are on: what the room shares as `audio` and `video`. */
  enabled(): { audio: boolean; video: boolean } {
    return { audio: !!this.tracks?.enabled('audio'), video: !!this.tracks?.enabled('video') };
  }

  /**
   * Makes a change on this join's tracks (`setAudioEnabled`, `switchDevice`, …); resolves once
   * every connection sends the result. A failure is reported (a non-fatal `error`) and thrown.
   */
  async change(change: (tracks: LocalTracks) => Promise<unknown>): Promise<void> {
    const tracks = this.tracks;
    if (!tracks) throw new RtcError('not-joined', 'Join the room first');
    try {
      await change(tracks);
      // Resolve once every connection sends the new track.
      await this.#sending;
    } catch (error) {
      const rtcError = error instanceof RtcError ? error : new RtcError('media-unavailable', String(error));
      this.#host.emit('error', { error: rtcError, fatal: false });
      throw rtcError;
    }
  }

  /** Sends `stream` instead of the microphone and camera, and shares what it carries. */
  sendStream(stream: MediaStream): void {
    this.tracks?.sendStream(stream);
    this.#host.publish(this.enabled());
  }

  /** Stops every track this join started. */
  stop(): void {
    this.tracks?.stop();
    this.tracks = null;
  }
}

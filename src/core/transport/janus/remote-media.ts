/**
 * What each remote participant's tiles play, out of the one receiving connection: their camera
 * and microphone as one stream and their screen as another, the same `MediaStream` objects for
 * the whole call (a reconnection refills them). Janus reuses the m-lines of streams that went
 * away, so a receiver's track may carry someone else later: each participant gets clones, which
 * end when their stream goes (they left, unpublished, or the connection is made again).
 */
import type { Participant } from '../../participant.js';

interface Assigned {
  owner: Participant;
  source: MediaStreamTrack;
  clone: MediaStreamTrack;
  screen: boolean;
}

/** One stream of ours as the transport resolves it: whose it is, and the receiver's track. */
export interface Incoming {
  mid: string;
  owner: Participant | undefined;
  screen: boolean;
  source: MediaStreamTrack | undefined;
}

export class RemoteMedia {
  #streams = new Map<Participant, { stream: MediaStream; screen: MediaStream }>();
  /** What each mid of ours plays now, and for whom. */
  #mids = new Map<string, Assigned>();

  /** The participant's camera-and-microphone stream and screen stream (made at the first call). */
  of(participant: Participant): { stream: MediaStream; screen: MediaStream } {
    let streams = this.#streams.get(participant);
    if (!streams) {
      streams = { stream: new MediaStream(), screen: new MediaStream() };
      this.#streams.set(participant, streams);
    }
    return streams;
  }

  /** Our mids that carry `participant`'s media (`kind`: only those of that kind; `screen`: the screen's or the camera's). */
  mids(participant: Participant, kind?: 'audio' | 'video', screen?: boolean): string[] {
    const mids: string[] = [];
    for (const [mid, a] of this.#mids)
      if (a.owner === participant && (!kind || a.clone.kind === kind) && (screen === undefined || a.screen === screen))
        mids.push(mid);
    return mids;
  }

  /** Whether `participant` has a live track here now. */
  has(participant: Participant): boolean {
    for (const a of this.#mids.values()) if (a.owner === participant && a.clone.readyState === 'live') return true;
    return false;
  }

  /**
   * Follows what the connection receives now (`incoming`, every stream of it): new streams go
   * into their owner's stream as clones, those gone or given to someone else end. Returns the
   * participants whose streams changed.
   */
  sync(incoming: readonly Incoming[]): Set<Participant> {
    const changed = new Set<Participant>();
    const now = new Map(incoming.map((i) => [i.mid, i]));
    for (const [mid, a] of this.#mids) {
      const i = now.get(mid);
      if (i && i.owner === a.owner && i.source === a.source && i.screen === a.screen && a.clone.readyState === 'live')
        continue;
      this.#end(mid, a);
      changed.add(a.owner);
    }
    for (const i of incoming) {
      if (!i.owner || !i.source || this.#mids.has(i.mid)) continue;
      const clone = i.source.clone();
      const streams = this.of(i.owner);
      const stream = i.screen ? streams.screen : streams.stream;
      // One track of a kind per stream: an older one (a feed published again) gives way.
      for (const [mid, a] of this.#mids)
        if (a.owner === i.owner && a.screen === i.screen && a.clone.kind === clone.kind) this.#end(mid, a);
      this.#mids.set(i.mid, { owner: i.owner, source: i.source, clone, screen: i.screen });
      stream.addTrack(clone);
      stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track: clone }));
      changed.add(i.owner);
    }
    return changed;
  }

  /** Ends what `participant` plays here (they left). */
  drop(participant: Participant): void {
    for (const [mid, a] of this.#mids) if (a.owner === participant) this.#end(mid, a);
    this.#streams.delete(participant);
  }

  /** Ends every track (the transport closes). */
  clear(): void {
    for (const [mid, a] of this.#mids) this.#end(mid, a);
    this.#streams.clear();
  }

  #end(mid: string, a: Assigned) {
    this.#mids.delete(mid);
    a.clone.stop();
    const streams = this.#streams.get(a.owner);
    const stream = a.screen ? streams?.screen : streams?.stream;
    if (!stream?.getTracks().includes(a.clone)) return;
    stream.removeTrack(a.clone);
    stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track: a.clone }));
  }
}

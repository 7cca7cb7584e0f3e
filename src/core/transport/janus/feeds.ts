/**
 * The VideoRoom's publishers ("feeds") as our publisher handle hears of them, and which of their
 * streams we want: those of participants we know and that are on the SFU (a feed's `display` is
 * its participant's id), audio and video, not disabled. The subscriber follows what this says.
 */

/** One stream of a publisher, as Janus lists it. */
export interface FeedStream {
  mid: string;
  type: 'audio' | 'video' | 'data';
  description?: string;
  disabled?: boolean;
}

/** A publisher in the room, as Janus lists it (`publishers`). */
export interface Feed {
  id: number;
  display?: string;
  streams?: FeedStream[];
}

/** A stream we subscribe to: whose feed and which of its mids (and, for a camera, in which layer first). */
export interface Wanted {
  feed: number;
  mid: string;
  substream?: number;
}

/** The key of a feed's stream in the sets below. */
export const streamKey = (feed: number, mid: string): string => `${feed}:${mid}`;

export class Feeds {
  #feeds = new Map<number, Feed>();
  /** When each feed was first heard of (feed ids are random, not in order). */
  #seen = new Map<number, number>();
  #count = 0;

  /** Publishers that came or changed (a list replaces what we knew of each). */
  set(feeds: readonly Feed[]): void {
    for (const feed of feeds) {
      if (typeof feed.id !== 'number') continue;
      this.#feeds.set(feed.id, feed);
      if (!this.#seen.has(feed.id)) this.#seen.set(feed.id, ++this.#count);
    }
  }

  delete(feed: number): void {
    this.#feeds.delete(feed);
    this.#seen.delete(feed);
  }

  clear(): void {
    this.#feeds.clear();
    this.#seen.clear();
  }

  get(feed: number): Feed | undefined {
    return this.#feeds.get(feed);
  }

  /** The participant id a feed is published under (its `display`). */
  owner(feed: number): string | undefined {
    return this.#feeds.get(feed)?.display;
  }

  /** The feed's stream `mid`, as Janus lists it. */
  stream(feed: number, mid: string): FeedStream | undefined {
    return this.#feeds.get(feed)?.streams?.find((s) => s.mid === mid);
  }

  /** Whether the feed's stream `mid` is a shared screen (its description says so). */
  isScreen(feed: number, mid: string): boolean {
    return this.#feeds.get(feed)?.streams?.find((s) => s.mid === mid)?.description === 'screen';
  }

  /**
   * The streams to receive: audio and video of each feed whose owner `serves` accepts (the newest
   * feed of each participant only: an older one is what they left behind when they rejoined).
   */
  wanted(serves: (id: string) => boolean): Map<string, Wanted> {
    const newest = new Map<string, Feed>();
    for (const feed of this.#feeds.values()) {
      if (!feed.display || !serves(feed.display)) continue;
      const other = newest.get(feed.display);
      if (!other || this.#seen.get(other.id)! < this.#seen.get(feed.id)!) newest.set(feed.display, feed);
    }
    const wanted = new Map<string, Wanted>();
    for (const feed of newest.values())
      for (const stream of feed.streams ?? [])
        if (stream.type !== 'data' && !stream.disabled)
          wanted.set(streamKey(feed.id, stream.mid), { feed: feed.id, mid: stream.mid });
    return wanted;
  }
}

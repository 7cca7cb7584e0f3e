/**
 * A room of static sessions in one page (`new StaticSession('idle', [], stream, { room, name })`):
 * each session that joins sees the others, and what each shares reaches the others as it would
 * through a call: names and state, clones of the tracks it sends (none of a kind it turned off),
 * its screen, its messages (parsed from their JSON text, a microtask later). Leaving ends what
 * the others received of it. Written with the package's public entry points only.
 */
import { type Participant, touchParticipant, updateParticipant } from '../../src/core/index.js';
import { type StaticSession, staticParticipant } from './static-session.js';

/** What one session shows of another: its participant there, and the clones it receives. */
interface View {
  participant: Participant;
  stream: MediaStream;
}

const clones = (stream: MediaStream | null, kinds: readonly string[]) =>
  (stream?.getTracks() ?? []).filter((t) => kinds.includes(t.kind) && t.enabled).map((t) => t.clone());

const stop = (stream: MediaStream | null | undefined) => {
  for (const track of stream?.getTracks() ?? []) track.stop();
};

export class StaticRoom {
  /** Who is in, and what each shows of the others: viewer -> sender -> view. */
  #views = new Map<StaticSession, Map<StaticSession, View>>();
  #ids = 0;

  /** `session` joins as `name`, sending `stream`: its local participant, and everyone sees everyone. */
  async enter(session: StaticSession, name: string, stream: MediaStream | null): Promise<Participant> {
    // A task later, as an answer from a server would come.
    await new Promise((resolve) => setTimeout(resolve));
    const state = { audio: true, video: true, screen: false, hand: false };
    const local = staticParticipant(`static-${++this.#ids}`, name, true, stream, { state });
    session.participants = [local];
    const views = new Map<StaticSession, View>();
    for (const other of this.#views.keys()) {
      views.set(other, this.#view(other));
      this.#views.get(other)!.set(session, this.#view(session));
    }
    this.#views.set(session, views);
    for (const view of views.values()) session.add(view.participant);
    for (const other of views.keys()) other.add(this.#views.get(other)!.get(session)!.participant);
    return local;
  }

  /** `session` leaves: what the others received of it ends, and they see it go. What it had of them, with it. */
  leave(session: StaticSession): Participant[] {
    const views = this.#views.get(session);
    this.#views.delete(session);
    for (const view of views?.values() ?? []) this.#end(view);
    for (const [other, theirs] of this.#views) {
      const view = theirs.get(session);
      theirs.delete(session);
      if (!view) continue;
      this.#end(view);
      other.remove(view.participant);
    }
    return [...(views?.values() ?? [])].map((view) => view.participant);
  }

  /** `session` sends its track of `kind` again (`on`), or stops sending it. */
  media(session: StaticSession, kind: 'audio' | 'video', on: boolean): void {
    this.#each(session, ({ stream, participant }) => {
      for (const track of stream.getTracks().filter((t) => t.kind === kind)) {
        track.stop();
        stream.removeTrack(track);
        stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track }));
      }
      for (const track of on ? clones(session.localStream, [kind]) : []) {
        stream.addTrack(track);
        stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
      }
      touchParticipant(participant, 'stream');
    });
  }

  /** `session` shares `screen` (null: stops). */
  share(session: StaticSession, screen: MediaStream | null): void {
    this.#each(session, ({ participant }) => {
      stop(participant.screenStream);
      updateParticipant(participant, { screenStream: screen && new MediaStream(clones(screen, ['video'])) });
    });
  }

  /** `session`'s name or state changed. */
  update(session: StaticSession, patch: { name?: string; state?: Participant['state'] }): void {
    this.#each(session, ({ participant }) => updateParticipant(participant, patch));
  }

  /** Delivers `text` from `session` to the one whose id is `to`, or to everyone. */
  deliver(session: StaticSession, text: string, to?: string): void {
    for (const [other, views] of this.#views) {
      const view = views.get(session);
      if (!view || (to !== undefined && other.local?.id !== to)) continue;
      queueMicrotask(() => other.receive(view.participant, JSON.parse(text)));
    }
  }

  /** Applies `change` to what each other session shows of `session`, and tells that session. */
  #each(session: StaticSession, change: (view: View) => void) {
    for (const [other, views] of this.#views) {
      const view = views.get(session);
      if (!view) continue;
      change(view);
      other.updated(view.participant);
    }
  }

  /** What another session shows of `session`: its participant, with clones of what it sends. */
  #view(session: StaticSession): View {
    const local = session.local!;
    const stream = new MediaStream(clones(session.localStream, ['audio', 'video']));
    const screenStream = session.screenStream && new MediaStream(clones(session.screenStream, ['video']));
    const participant = staticParticipant(local.id, local.name, false, stream, { state: local.state, screenStream });
    return { participant, stream };
  }

  #end(view: View) {
    stop(view.stream);
    stop(view.participant.screenStream);
  }
}

/**
 * A room's remote participants: who is there (by the id the server gave them), their links in
 * the mesh, and how the list is put back together after a fresh join (see `reconcile.ts`).
 */
import type { Mesh } from './transport/mesh/mesh-transport.js';
import { Participant, type ParticipantStateRecord, updateParticipant } from './participant.js';
import type { PeerLink } from './transport/mesh/peer-link.js';
import type { PeerInfo, RelayPayloads, RelayType } from './protocol.js';
import { adopt, fromNewConnection, Reconciler } from './reconcile.js';
import type { SignalingClient } from './signaling-client.js';

type Peer = PeerInfo & { state?: ParticipantStateRecord };

export interface RemotesHost {
  mesh(): Mesh | null;
  /** A participant came, changed, or went. */
  emit(type: 'participant-joined' | 'participant-updated' | 'participant-left', participant: Participant): void;
}

export class Remotes {
  /** Remote participants by id. */
  readonly map = new Map<string, Participant>();
  #host: RemotesHost;
  #reconciler = new Reconciler((p) => this.remove(p.id));
  /** Offers and candidates that came before our links could exist (see `route`). */
  #early: Array<[string, RelayType, RelayPayloads[RelayType]]> = [];

  constructor(host: RemotesHost) {
    this.#host = host;
  }

  /**
   * A peer from `welcome` (`initiator`: we are the newcomer and offer), `peer-joined` or
   * `peer-updated`: a new participant, or the one we know under this id or (after a fresh join)
   * under this key, updated.
   */
  add(peer: Peer, initiator: boolean): Participant {
    const mesh = this.#host.mesh();
    // Someone we knew under another id (a fresh join after an outage): same participant and link.
    const adopted = !this.map.has(peer.id) && !!adopt(this.map, mesh, peer);
    const existing = this.map.get(peer.id);
    if (existing) {
      this.#reconciler.confirm(existing);
      if (initiator && !mesh?.get(existing.id)) this.#link(existing, true);
      const before = [existing.name, existing.state];
      updateParticipant(existing, {
        ...(peer.name && { name: peer.name }),
        ...(peer.state && { state: peer.state }),
      });
      if (adopted || before[0] !== existing.name || before[1] !== existing.state) {
        this.#host.emit('participant-updated', existing);
      }
      return existing;
    }
    const participant = new Participant(peer.id, peer.name ?? '', false);
    if (peer.state) updateParticipant(participant, { state: peer.state });
    this.map.set(peer.id, participant);
    if (initiator) this.#link(participant, true);
    this.#host.emit('participant-joined', participant);
    return participant;
  }

  remove(id: string): void {
    const participant = this.map.get(id);
    if (!participant) return;
    this.map.delete(id);
    this.#host.mesh()?.close(id);
    this.#host.emit('participant-left', participant);
  }

  /** Follows `client`'s peers (joined, updated, left) and what they relay to us. */
  listen(client: SignalingClient): void {
    client.addEventListener('peer-joined', (e) => this.add(e.detail, false));
    client.addEventListener('peer-updated', (e) => this.add(e.detail, false));
    client.addEventListener('peer-left', (e) => this.remove(e.detail.id));
    client.addEventListener('signal', (e) => this.route(e.detail.from, e.detail.type, e.detail.data));
  }

  /** Hands a relayed `offer`, `answer` or `ice-candidate` to the link with its sender (made if needed). */
  route<T extends RelayType>(from: string, type: T, data: RelayPayloads[T]): void {
    // Welcomed, but the room has not made its mesh yet (its link certificate is still being made):
    // someone who joined after us offers already. Kept, in order, until the links can exist; lost,
    // that peer would wait for our answer for ever.
    const mesh = this.#host.mesh();
    if (!mesh) {
      if (this.#early.length < 1024) this.#early.push([from, type, data]);
      return;
    }
    const participant = this.map.get(from) ?? this.add({ id: from, name: '', state: {} }, false);
    const link = mesh.get(participant.id);
    // An offer from a new peer connection (the other side had dropped us): a new link, same participant.
    if (link && fromNewConnection(link.pc, type, data)) mesh.close(participant.id);
    void (mesh.get(participant.id) ?? mesh.open(participant, false)).receive(type, data).catch(() => undefined);
  }

  /**
   * After a join: `peers` are who the server has now. After a resume, whoever is not among them
   * left during the gap. After a fresh join (`fresh`, the server had forgotten us), everyone we
   * know is mapped back by key when listed, or must come back soon (see `Reconciler`); a peer that
   * kept its id saw us leave and dropped its link, and a link that died is replaced: we offer anew.
   */
  welcome(peers: readonly Peer[], resumed: boolean, fresh: boolean): void {
    const mesh = this.#host.mesh();
    if (resumed) {
      const present = new Set(peers.map((p) => p.id));
      for (const id of [...this.map.keys()]) if (!present.has(id)) this.remove(id);
    } else if (fresh) {
      this.#reconciler.expect(this.map.values());
      for (const peer of peers) {
        const kept = this.map.get(peer.id);
        const known = kept ?? adopt(this.map, mesh, peer);
        if (known && (kept || known.connectionState !== 'connected')) mesh?.close(known.id);
        if (known) this.#host.emit('participant-updated', known);
      }
    }
    // Everyone first, then the links: each link's first caps count the whole room.
    for (const peer of peers) this.add(peer, false);
    // After a resume, peers that joined during the gap are the newcomers: their offers were
    // queued for us by the server, so we wait for them instead of offering too.
    if (resumed) return void mesh?.restartStalled();
    for (const peer of peers) {
      const participant = this.map.get(peer.id);
      if (participant && !mesh?.get(participant.id)) this.#link(participant, true);
    }
    // What came while our media was starting, in the order it came.
    for (const [from, type, data] of this.#early.splice(0)) this.route(from, type, data);
    // Candidates sent or relayed while the socket was down may be lost: restart what is stuck.
    mesh?.restartStalled();
  }

  /** A participant's link changed: one that did not come back after a fresh join may go now. */
  check(participant: Participant): void {
    this.#reconciler.check(participant);
  }

  /** Forgets everyone (the room closes their links); returns who was there. */
  clear(): Participant[] {
    this.#reconciler.stop();
    this.#early = [];
    const gone = [...this.map.values()];
    this.map.clear();
    return gone;
  }

  #link(participant: Participant, initiator: boolean): PeerLink | undefined {
    return this.#host.mesh()?.open(participant, initiator);
  }
}

/**
 * A room's remote participants: who is there (by the id the server gave them), what the
 * transport is told of them (who came, who left, the signals they relay to us), and how the list
 * is put back together after a fresh join (see `reconcile.ts`).
 */
import { Participant, type ParticipantStateRecord, updateParticipant } from './participant.js';
import type { PeerInfo, RelayPayloads, RelayType, WelcomeData } from './protocol.js';
import { adopt, Reconciler } from './reconcile.js';
import type { SignalingClient } from './signaling-client.js';
import type { RoomTransport } from './transport/transport.js';

type Peer = PeerInfo & { state?: ParticipantStateRecord };

export interface RemotesHost {
  /** This join's transport (null while the room is not joining or joined). */
  transport(): RoomTransport | null;
  /** A participant came, changed, or went. */
  emit(type: 'participant-joined' | 'participant-updated' | 'participant-left', participant: Participant): void;
}

export class Remotes {
  /** Remote participants by id. */
  readonly map = new Map<string, Participant>();
  /** The ids of those who take part in the SFU when the room is on one (protocol 1.2, `PeerInfo.sfu`). */
  readonly sfu = new Set<string>();
  #host: RemotesHost;
  #reconciler = new Reconciler((p) => this.remove(p.id));

  constructor(host: RemotesHost) {
    this.#host = host;
  }

  /**
   * A peer from `welcome` (`listed`: the transport hears of it with the others, at the end of
   * `welcome`), `peer-joined` or `peer-updated`: a new participant, or the one we know under this
   * id or (after a fresh join) under this key, updated.
   */
  add(peer: Peer, listed = false): Participant {
    const transport = this.#host.transport();
    // Someone we knew under another id (a fresh join after an outage): same participant and connection.
    if (peer.sfu) this.sfu.add(peer.id);
    const adopted = !this.map.has(peer.id) && !!adopt(this.map, transport, peer);
    const existing = this.map.get(peer.id);
    if (existing) {
      this.#reconciler.confirm(existing);
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
    if (!listed) transport?.join(participant);
    this.#host.emit('participant-joined', participant);
    return participant;
  }

  remove(id: string): void {
    const participant = this.map.get(id);
    if (!participant) return;
    this.map.delete(id);
    this.sfu.delete(id);
    this.#host.transport()?.drop(id);
    this.#host.emit('participant-left', participant);
  }

  /** Follows `client`'s peers (joined, updated, left) and what they relay to us. */
  listen(client: SignalingClient): void {
    client.addEventListener('peer-joined', (e) => this.add(e.detail));
    client.addEventListener('peer-updated', (e) => this.add(e.detail));
    client.addEventListener('peer-left', (e) => this.remove(e.detail.id));
    client.addEventListener('signal', (e) => this.route(e.detail.from, e.detail.type, e.detail.data));
  }

  /** Hands a relayed signal to the transport, from its sender (a participant made if unknown). */
  route<T extends RelayType>(from: string, type: T, data: RelayPayloads[T]): void {
    const transport = this.#host.transport();
    if (!transport?.relays.includes(type)) return;
    transport.signal(this.map.get(from) ?? this.add({ id: from, name: '', state: {} }), type, data);
  }

  /**
   * After a join: the peers in `welcome` are who the server has now. After a resume, whoever is
   * not among them left during the gap. After a fresh join (`fresh`, the server had forgotten us),
   * everyone we know is mapped back by key when listed, or must come back soon (see
   * `Reconciler`); a peer that kept its id saw us leave and dropped its connection, and a
   * connection that died is replaced: the transport opens them anew.
   */
  welcome(welcome: WelcomeData, resumed: boolean, fresh: boolean): void {
    const transport = this.#host.transport();
    const peers = welcome.peers;
    if (resumed) {
      const present = new Set(peers.map((p) => p.id));
      for (const id of [...this.map.keys()]) if (!present.has(id)) this.remove(id);
    } else if (fresh) {
      this.#reconciler.expect(this.map.values());
      for (const peer of peers) {
        const kept = this.map.get(peer.id);
        const known = kept ?? adopt(this.map, transport, peer);
        if (known && (kept || known.connectionState !== 'connected')) transport?.drop(known.id);
        if (known) this.#host.emit('participant-updated', known);
      }
    }
    // Everyone first, then the connections: each link's first caps count the whole room.
    const listed = peers.map((peer) => this.add(peer, true));
    transport?.welcome(welcome, listed, resumed);
  }

  /** A participant's connection changed: one that did not come back after a fresh join may go now. */
  check(participant: Participant): void {
    this.#reconciler.check(participant);
  }

  /** Forgets everyone (the room closes its transport); returns who was there. */
  clear(): Participant[] {
    this.#reconciler.stop();
    const gone = [...this.map.values()];
    this.map.clear();
    return gone;
  }
}

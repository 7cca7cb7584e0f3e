import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { sessionContext } from '../context/session-context.js';
import type { Participant } from '../core/participant.js';
import type { RoomSession } from '../core/room-types.js';

type Size = { width: number; height: number };

/**
 * Tells the room (through context) how large the host shows a remote participant's camera
 * (`RoomSession.setView`), so an SFU sends the layer that fills it and pauses what is not seen:
 * its size from a `ResizeObserver`; null while it is not visible (scrolled away, `display: none`,
 * out of the page). A page in the background is the transport's own business.
 */
export class ViewController implements ReactiveController {
  #host: ReactiveElement;
  #session: RoomSession | null = null;
  #participant: Participant | null = null;
  #size: Size | null = null;
  #visible = false;
  #observers: [ResizeObserver, IntersectionObserver] | null = null;

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
    new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (session) => {
        this.#report(null);
        this.#session = session;
        this.#report();
      },
    });
  }

  set participant(participant: Participant | null) {
    if (participant === this.#participant) return;
    this.#report(null);
    this.#participant = participant;
    this.#report();
  }

  hostConnected(): void {
    const resize = new ResizeObserver(([entry]) => {
      const { width, height } = entry!.contentRect;
      this.#size = width && height ? { width: Math.round(width), height: Math.round(height) } : null;
      this.#report();
    });
    const intersection = new IntersectionObserver(([entry]) => {
      this.#visible = entry!.isIntersecting;
      this.#report();
    });
    resize.observe(this.#host);
    intersection.observe(this.#host);
    this.#observers = [resize, intersection];
  }

  hostDisconnected(): void {
    for (const observer of this.#observers ?? []) observer.disconnect();
    this.#observers = null;
    this.#visible = false;
    this.#report(null);
  }

  /** Says how large the participant is shown now (or `size`), to the room: remote cameras only. */
  #report(size = this.#visible ? this.#size : null) {
    const participant = this.#participant;
    if (participant && !participant.local) this.#session?.setView?.(participant, this.#host, size);
  }
}

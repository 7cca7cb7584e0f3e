/**
 * `TypedEventTarget` for the code a bundle loads behind an `import()` (the SFU switch, the Janus
 * transport): the same class to those who listen, made without the core's at run time. A part that
 * imported a module of the core would share it with the core, and a bundler (esbuild, Rollup, Vite)
 * puts a shared module in a chunk of its own, which the core then loads up front as a second file.
 */
import type { TypedEventTarget } from './typed-event-target.js';

type EventMap<M> = { [K in keyof M]: Event };
const Typed = EventTarget as new <M extends EventMap<M>>() => TypedEventTarget<M>;

export class PartEventTarget<M extends EventMap<M>> extends Typed<M> {
  /** Dispatches a `CustomEvent` of `type` carrying `detail` (as `TypedEventTarget` does). */
  protected override emit<K extends keyof M & string>(
    type: K,
    detail: M[K] extends CustomEvent<infer D> ? D : never,
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

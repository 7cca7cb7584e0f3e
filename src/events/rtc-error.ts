import type { RtcError, RtcErrorCode } from '../core/errors.js';

/**
 * Something went wrong. `code` is stable (see {@link RtcErrorCode}); `fatal` errors also put
 * the element in its `error` state, the others (a refused camera, one failed peer) do not.
 */
export class RtcErrorEvent extends Event {
  static readonly type = 'rtc-error';
  readonly code: RtcErrorCode;
  constructor(
    readonly error: RtcError,
    readonly fatal: boolean,
  ) {
    super(RtcErrorEvent.type, { bubbles: true, composed: false });
    this.code = error.code;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-error': RtcErrorEvent;
  }
}

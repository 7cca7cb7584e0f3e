/**
 * Network changes a peer connection should react to at once, rather than after ICE notices its
 * path is gone (which takes seconds): the window's `online` event (back from offline, a laptop
 * waking up), and a change of `navigator.connection` (Wi-Fi to cellular, a new network), where
 * the browser has the Network Information API (Chromium; not Firefox or Safari).
 */

/** Calls `listener` on every network change; returns the function that stops watching. */
export function onNetworkChange(listener: () => void): () => void {
  const target = globalThis as Partial<EventTarget>;
  const connection = (globalThis.navigator as { connection?: Partial<EventTarget> } | undefined)?.connection;
  target.addEventListener?.('online', listener);
  connection?.addEventListener?.('change', listener);
  return () => {
    target.removeEventListener?.('online', listener);
    connection?.removeEventListener?.('change', listener);
  };
}

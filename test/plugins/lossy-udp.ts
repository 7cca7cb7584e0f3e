/**
 * A UDP proxy on 127.0.0.1 that drops a share of the datagrams it forwards, both ways: put in front
 * of a TURN server, it makes every relayed call through it lossy, as a bad network does, and the
 * share can change during the call (`setLoss`). Each client address gets its own upstream socket
 * (test/support/udp-forward.ts), so the server sees one 5-tuple per client.
 */
import { startUdpForwarder } from '../support/udp-forward.js';

export interface LossyUdpProxy {
  /** The port clients send to. */
  readonly port: number;
  /** The share of datagrams dropped from now on, 0 to 1 (each way). */
  setLoss(share: number): void;
  /** Datagrams forwarded and dropped so far. */
  counts(): { forwarded: number; dropped: number };
  close(): Promise<void>;
}

export async function startLossyUdpProxy(targetPort: number, loss = 0): Promise<LossyUdpProxy> {
  if (!(loss >= 0 && loss <= 1)) throw new RangeError(`loss must be between 0 and 1, not ${loss}`);
  let share = loss;
  let forwarded = 0;
  let dropped = 0;
  const forwarder = await startUdpForwarder({ address: '127.0.0.1', port: targetPort }, '127.0.0.1', (send) => {
    if (Math.random() < share) {
      dropped++;
      return;
    }
    forwarded++;
    send();
  });
  return {
    port: forwarder.port,
    setLoss(next: number) {
      if (!(next >= 0 && next <= 1)) throw new RangeError(`loss must be between 0 and 1, not ${next}`);
      share = next;
    },
    counts: () => ({ forwarded, dropped }),
    close: () => forwarder.close(),
  };
}

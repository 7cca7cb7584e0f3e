/**
 * One DTLS certificate for all of a join's links, made while the media and the signaling start:
 * otherwise each new peer connection makes its own key before it can offer or answer, on the
 * WebRTC threads a joining room keeps busy. A new one per join (not per page): two rooms, or two
 * joins, never show the same fingerprint. Null where it cannot be made (each link makes its own),
 * or where `configuration` has certificates of the page's own (they are used).
 */
export function linkCertificate(configuration?: RTCConfiguration): Promise<RTCCertificate | null> {
  // The page gave its own: nothing to make.
  if (configuration?.certificates?.length) return Promise.resolve(null);
  try {
    const keys: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
    return globalThis.RTCPeerConnection.generateCertificate(keys).catch(() => null);
  } catch {
    return Promise.resolve(null);
  }
}

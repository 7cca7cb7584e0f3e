/**
 * 96 random bits as 24 hex digits: a chat message's id, a participant's reconcile key.
 * `crypto.getRandomValues`, not `randomUUID`: it works on pages that are not a secure context too.
 */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

import { isValidName } from './protocol.js';

/** The `name` claim of a JWT, read without verifying it (only the server can, and it does). */
export function tokenName(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const name = (claims as { name?: unknown } | null)?.name;
    return isValidName(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The devices a person chose, remembered across visits in `localStorage` under one key. Storage
 * that is missing, full or forbidden (private browsing, a sandboxed frame) never throws: the
 * choices are then simply not remembered.
 */
import type { DeviceKind } from '../../core/local-tracks.js';

/** The `localStorage` key: JSON `{ "audioinput": id, "videoinput": id, "audiooutput": id }`. */
export const DEVICE_PREFERENCES_KEY = 'rtc-elements:devices';

/** A device id per kind; a kind without a choice is left out. */
export type DevicePreferences = Partial<Record<DeviceKind, string>>;

const KINDS: readonly DeviceKind[] = ['audioinput', 'videoinput', 'audiooutput'];

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Reading `localStorage` itself throws where storage is forbidden.
    return null;
  }
}

/**
 * The remembered choices: only string ids of known kinds, whatever the stored text holds. Pass
 * them to a room (`new Room({ devices: loadDevicePreferences() })`) so it opens those devices.
 */
export function loadDevicePreferences(): DevicePreferences {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage()?.getItem(DEVICE_PREFERENCES_KEY) ?? 'null');
  } catch {
    return {};
  }
  const result: DevicePreferences = {};
  if (typeof parsed !== 'object' || parsed === null) return result;
  for (const kind of KINDS) {
    const id = (parsed as Record<string, unknown>)[kind];
    if (typeof id === 'string' && id) result[kind] = id;
  }
  return result;
}

/** Remembers `deviceId` for `kind` (an empty id forgets it). Returns false when storage failed. */
export function saveDevicePreference(kind: DeviceKind, deviceId: string): boolean {
  const next = { ...loadDevicePreferences(), [kind]: deviceId };
  if (!deviceId) delete next[kind];
  try {
    const store = storage();
    if (!store) return false;
    store.setItem(DEVICE_PREFERENCES_KEY, JSON.stringify(next));
    return true;
  } catch {
    // QuotaExceededError, SecurityError: not remembered, nothing else changes.
    return false;
  }
}

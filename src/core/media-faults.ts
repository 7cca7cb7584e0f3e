/**
 * Loaded by `LocalTracks` the first time a track ends on its own (issue 24: a chunk of its own,
 * as the first screen of a call never needs it).
 *
 * When a camera or microphone track ends on its own (the device unplugged, the permission
 * revoked, another app took it), opens another device of that kind than `lost` (the ended track's
 * `deviceId`), if there is one: the first
 * that starts, with the same constraints. Resolves with it, or null (none, or none would start).
 */
export async function openFallback(
  role: 'audio' | 'video',
  lost: string | undefined,
  constraints: MediaTrackConstraints,
): Promise<{ track: MediaStreamTrack; deviceId: string } | null> {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.enumerateDevices || !devices.getUserMedia) return null;
  const kind = role === 'audio' ? 'audioinput' : 'videoinput';
  let list: MediaDeviceInfo[];
  try {
    list = await devices.enumerateDevices();
  } catch {
    return null;
  }
  // Chromium's `default` and `communications` are aliases of a real device, listed too.
  const others = list.filter(
    (d) => d.kind === kind && d.deviceId && d.deviceId !== lost && !['default', 'communications'].includes(d.deviceId),
  );
  for (const device of others) {
    try {
      const stream = await devices.getUserMedia({ [role]: { ...constraints, deviceId: { exact: device.deviceId } } });
      const track = stream.getTracks()[0];
      if (track) return { track, deviceId: device.deviceId };
    } catch {
      // That one will not start either: try the next.
    }
  }
  return null;
}

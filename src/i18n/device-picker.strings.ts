/** `<rtc-device-picker>`: the camera, microphone and speaker choices, the preview and the level. */
export interface DevicePickerStrings {
  /** The picker's accessible name (a group of fields). */
  'device-picker.label': string;
  'device-picker.camera': string;
  'device-picker.microphone': string;
  'device-picker.speaker': string;
  /** A device the browser gives no name (yet): `{number}` counts from 1. */
  'device-picker.camera.unnamed': string;
  'device-picker.microphone.unnamed': string;
  'device-picker.speaker.unnamed': string;
  'device-picker.camera.none': string;
  'device-picker.microphone.none': string;
  'device-picker.speaker.none': string;
  /** Why there are no device names yet, and the button that asks for access. */
  'device-picker.permission.both': string;
  'device-picker.permission.camera': string;
  'device-picker.permission.microphone': string;
  'device-picker.allow': string;
  'device-picker.denied': string;
  'device-picker.preview': string;
  'device-picker.level': string;
  /** A device in use was unplugged; `{device}` and `{fallback}` are device names. */
  'device-picker.lost': string;
  'device-picker.lost.none': string;
  /** The background choice (`effects`) and its options, and the noise suppression switch. */
  'device-picker.background': string;
  'device-picker.background.none': string;
  'device-picker.background.blur': string;
  'device-picker.background.strong': string;
  'device-picker.background.image': string;
  'device-picker.noise': string;
}

export const devicePickerEn: DevicePickerStrings = {
  'device-picker.label': 'Devices',
  'device-picker.camera': 'Camera',
  'device-picker.microphone': 'Microphone',
  'device-picker.speaker': 'Speaker',
  'device-picker.camera.unnamed': 'Camera {number}',
  'device-picker.microphone.unnamed': 'Microphone {number}',
  'device-picker.speaker.unnamed': 'Speaker {number}',
  'device-picker.camera.none': 'No camera found',
  'device-picker.microphone.none': 'No microphone found',
  'device-picker.speaker.none': 'No speaker found',
  'device-picker.permission.both': 'Allow camera and microphone access to see device names.',
  'device-picker.permission.camera': 'Allow camera access to see camera names.',
  'device-picker.permission.microphone': 'Allow microphone access to see device names.',
  'device-picker.allow': 'Allow access',
  'device-picker.denied': 'Access was refused. Allow it in the browser’s site settings, then try again.',
  'device-picker.preview': 'Camera preview',
  'device-picker.level': 'Microphone level',
  'device-picker.lost': '“{device}” was disconnected. Now using “{fallback}”.',
  'device-picker.lost.none': '“{device}” was disconnected.',
  'device-picker.background': 'Background',
  'device-picker.background.none': 'None',
  'device-picker.background.blur': 'Blur',
  'device-picker.background.strong': 'Strong blur',
  'device-picker.background.image': 'Image',
  'device-picker.noise': 'Noise suppression',
};

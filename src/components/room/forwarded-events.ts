import { forwarded } from '../../controllers/forward-controller.js';
import { RtcChatToggleEvent } from '../../events/rtc-chat-toggle.js';
import { RtcDeviceChangeEvent } from '../../events/rtc-device-change.js';
import { RtcDeviceLostEvent } from '../../events/rtc-device-lost.js';
import { RtcErrorEvent } from '../../events/rtc-error.js';
import { RtcPictureInPictureToggleEvent } from '../../events/rtc-picture-in-picture-toggle.js';
import { RtcPinChangeEvent } from '../../events/rtc-pin-change.js';
import { RtcQualityChangeEvent } from '../../events/rtc-quality-change.js';
import { RtcSettingsToggleEvent } from '../../events/rtc-settings-toggle.js';
import { RtcUnreadChangeEvent } from '../../events/rtc-unread-change.js';

/** The public events of the parts in the shadow root, fired again on the room (the table in the README lists them). */
export const FORWARDED = [
  forwarded(RtcPinChangeEvent, (e) => new RtcPinChangeEvent(e.participant, e.pinned)),
  forwarded(RtcQualityChangeEvent, (e) => new RtcQualityChangeEvent(e.participant, e.level, e.previous)),
  forwarded(RtcChatToggleEvent, (e) => new RtcChatToggleEvent(e.open)),
  forwarded(RtcSettingsToggleEvent, (e) => new RtcSettingsToggleEvent(e.open)),
  forwarded(RtcPictureInPictureToggleEvent, (e) => new RtcPictureInPictureToggleEvent(e.open)),
  forwarded(RtcUnreadChangeEvent, (e) => new RtcUnreadChangeEvent(e.unread)),
  forwarded(RtcDeviceChangeEvent, (e) => new RtcDeviceChangeEvent(e.kind, e.deviceId)),
  forwarded(RtcDeviceLostEvent, (e) => new RtcDeviceLostEvent(e.kind, e.device, e.fallback)),
  forwarded(RtcErrorEvent, (e) => new RtcErrorEvent(e.error, e.fatal)),
];

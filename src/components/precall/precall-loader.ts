/**
 * Loads `<rtc-precall-check>` (a chunk of its own) and defines it, once: hands the chunk what it
 * uses of the kit (`precall-slot.ts`) first. `define.js`, the element's define file and
 * `<rtc-room>`'s lobby call it.
 */
import { html, LitElement, nothing, unsafeCSS } from 'lit';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { SignalingClient } from '../../core/signaling-client.js';
import { resolveSignalingUrl } from '../../core/signaling-url.js';
import { loadOnce } from '../../core/load-once.js';
import { addEnglish } from '../../i18n/localize.js';
import { pillButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';
import { visuallyHidden } from '../../styles/visually-hidden.styles.js';
import { setStates } from '../custom-states.js';
import { defineElement } from '../define-element.js';
import { loadDevicePreferences } from '../device-picker/device-preferences.js';
import { kit } from './precall-slot.js';

/** Defines `<rtc-precall-check>` from its chunk; resolves once it is defined (undefined if the chunk failed to load). */
export const loadPrecallCheck = loadOnce(async () => {
  Object.assign(kit, {
    LitElement,
    html,
    unsafeCSS,
    nothing,
    LocalizeController,
    addEnglish,
    setStates,
    loadDevicePreferences,
    SignalingClient,
    resolveSignalingUrl,
    styles: [tokens, pillButton, visuallyHidden],
  });
  const { RtcPrecallCheck } = await import('./precall-check.js');
  defineElement('rtc-precall-check', RtcPrecallCheck);
}, 'rtc-precall-check');

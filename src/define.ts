/** Registers every rtc-elements tag. Safe to load more than once. */
import './components/video/rtc-video.js';
import './components/participant/rtc-participant.js';
import './components/room/rtc-room.js';
import './components/controls/rtc-controls.js';
// <rtc-chat>, <rtc-device-picker>, <rtc-stats> and <rtc-precall-check>: each a chunk of its own,
// loaded the first time one is in the page (issue 24). Their define files
// (rtc-elements/components/<name>/rtc-<name>.js) define them at once, and <rtc-room> loads
// what it shows itself (its panels, its lobby). The CDN's single file has the first three up
// front (scripts/bundle.mjs), so there only the pre-call check waits for its first use.
import { defineWhenUsed } from './components/define-element.js';
import { loadChat, loadDevicePicker, loadStats } from './components/lazy-elements.js';
import { loadPrecallCheck } from './components/precall/precall-loader.js';

defineWhenUsed('rtc-chat', loadChat);
defineWhenUsed('rtc-device-picker', loadDevicePicker);
defineWhenUsed('rtc-stats', loadStats);
defineWhenUsed('rtc-precall-check', loadPrecallCheck);

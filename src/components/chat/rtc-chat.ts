import { defineElement } from '../define-element.js';
import { RtcChat } from './chat.js';

export { RtcChat };

defineElement('rtc-chat', RtcChat);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-chat': RtcChat;
  }
}

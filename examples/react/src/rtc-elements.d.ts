// Types <rtc-room> in JSX: its properties and its rtc-* events as React 19 `on<event>` props.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  RtcErrorEvent,
  RtcJoinedEvent,
  RtcLeftEvent,
  RtcPeerJoinedEvent,
  RtcPeerLeftEvent,
  RtcRoom,
  RtcStateChangeEvent,
} from 'rtc-elements';

type RtcRoomProps = DetailedHTMLProps<HTMLAttributes<RtcRoom>, RtcRoom> &
  Partial<Pick<RtcRoom, 'room' | 'name' | 'server' | 'token' | 'media' | 'rtcConfiguration'>> & {
    'onrtc-joined'?: (event: RtcJoinedEvent) => void;
    'onrtc-left'?: (event: RtcLeftEvent) => void;
    'onrtc-peer-joined'?: (event: RtcPeerJoinedEvent) => void;
    'onrtc-peer-left'?: (event: RtcPeerLeftEvent) => void;
    'onrtc-state-change'?: (event: RtcStateChangeEvent) => void;
    'onrtc-error'?: (event: RtcErrorEvent) => void;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'rtc-room': RtcRoomProps;
    }
  }
}

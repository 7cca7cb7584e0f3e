import 'rtc-elements/define.js';
import { useState } from 'react';

// An object, so React 19 sets it as the element's `media` property. Made once, outside the
// component: a new object on each render would be a new value for the element each time.
const media = { audio: true, video: { width: 640, height: 360 } };

export function VideoCall({ room, name, server }: { room: string; name: string; server: string }) {
  const [people, setPeople] = useState<ReadonlySet<string>>(new Set());
  const [state, setState] = useState('idle');
  const [error, setError] = useState('');
  const add = (id: string) => setPeople((ids) => new Set(ids).add(id));
  const remove = (id: string) => setPeople((ids) => new Set([...ids].filter((other) => other !== id)));

  return (
    <>
      <p>
        <output id="people">{`${people.size} ${people.size === 1 ? 'person' : 'people'}`}</output> ·{' '}
        <output id="state">{state}</output>
      </p>
      {error && (
        <p role="alert">
          Error: <output id="error">{error}</output>
        </p>
      )}
      <rtc-room
        room={room}
        name={name}
        server={server}
        media={media}
        onrtc-joined={(e) => setPeople(new Set([e.participant.id]))}
        onrtc-peer-joined={(e) => add(e.participant.id)}
        onrtc-peer-left={(e) => remove(e.participant.id)}
        onrtc-state-change={(e) => setState(e.state)}
        onrtc-error={(e) => setError(e.code)}
      />
    </>
  );
}

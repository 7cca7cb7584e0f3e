import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { VideoCall } from './VideoCall.tsx';

// The page's address chooses the room, the name and the server: ?room=&name=&server=
// (no server: this page's origin, /signal).
const query = new URLSearchParams(location.search);

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <VideoCall
      room={query.get('room') || 'hello'}
      name={query.get('name') || 'Guest'}
      server={query.get('server') || ''}
    />
  </StrictMode>,
);

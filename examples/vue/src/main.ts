import { createApp } from 'vue';
import VideoCall from './VideoCall.vue';

// The page's address chooses the room, the name and the server: ?room=&name=&server=
// (no server: this page's origin, /signal).
const query = new URLSearchParams(location.search);

createApp(VideoCall, {
  room: query.get('room') || 'hello',
  name: query.get('name') || 'Guest',
  server: query.get('server') || '',
}).mount('#app');

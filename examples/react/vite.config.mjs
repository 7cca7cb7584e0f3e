import { defineConfig } from 'vite';

// Vite compiles JSX with React's automatic runtime out of the box; nothing else is needed for
// <rtc-room>. (`base: './'` lets the built page live under any path.)
export default defineConfig({ base: './' });

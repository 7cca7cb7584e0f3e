/**
 * A Vite plugin attaching the real signaling server to Storybook's dev server at `/signal`, so
 * live stories (`<rtc-room>` with the default `server`) call through it on the same port.
 * Storybook runs Vite in middleware mode: the HTTP server is the one it hands Vite for HMR.
 */
import type { Server } from 'node:http';
import type { Plugin } from 'vite';
import { SignalingServer } from '../dev-server/server.js';

export function signalingVitePlugin(): Plugin {
  return {
    name: 'rtc-elements:signaling',
    apply: 'serve',
    async configureServer(server) {
      const hmr = server.config.server.hmr;
      const httpServer = (typeof hmr === 'object' && hmr.server) || server.httpServer;
      if (!httpServer) throw new Error('rtc-signaling: Storybook gave Vite no HTTP server to attach to');
      const signaling = new SignalingServer({ logLevel: 'warn' });
      signaling.attach(httpServer as Server);
      await signaling.start();
      httpServer.once('close', () => void signaling.close());
      server.config.logger.info('rtc-elements: signaling server at /signal');
    },
  };
}

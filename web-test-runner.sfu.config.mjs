// The SFU mode's browser tests (test/browser/sfu/): real headless Chromium and Firefox ESR against
// a real Janus (test/plugins/janus-plugin.ts) and the real signaling server, run by npm test inside
// a private network namespace (node scripts/netns.mjs -- …): Janus gathers ICE candidates only on
// the namespace's veth end (127.0.0.2), and every packet stays in the namespace. WebKitGTK has no
// RTCPeerConnection here, so it does not run them.
import config, { chromiumLauncher, firefoxLauncher } from './web-test-runner.config.mjs';
import { wantedEngines } from './scripts/browsers.mjs';
import { janusPlugin } from './dist/test/plugins/janus-plugin.js';

const wanted = wantedEngines();
const browsers = [
  ...(wanted.includes('chromium')
    ? // Janus's candidates are on loopback addresses, which Chromium neither pairs with nor
      // reveals (mDNS names instead) by default.
      [chromiumLauncher(['--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns'])]
    : []),
  ...(wanted.includes('firefox')
    ? [
        firefoxLauncher({
          'media.peerconnection.ice.loopback': true,
          'media.peerconnection.ice.obfuscate_host_addresses': false,
          'media.peerconnection.ice.default_address_only': false,
          'network.manage-offline-status': false,
          // Firefox gathers ICE candidates on every interface only for a page with a camera or
          // microphone permission (none is ever stored here: prompts are off); any other page gets
          // only its default route's address, and the namespace has no default route: a socket on
          // 0.0.0.0, which reached Janus some of the time. Allowed for every page, Firefox gathers
          // on lo and on rtc0 (127.0.0.2) like Chromium.
          'permissions.default.camera': 1,
          'permissions.default.microphone': 1,
        }),
      ]
    : []),
];

export default {
  ...config,
  files: ['dist/test/browser/sfu/**/*.test.js'],
  // The namespace's lo has ::1 too: the pages load from the one address the server listens on.
  hostname: '127.0.0.1',
  browsers,
  plugins: [...config.plugins, janusPlugin()],
};

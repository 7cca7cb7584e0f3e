#!/usr/bin/env node
// Runs a command in a private network namespace made for it, where an SFU can reach the browsers:
// Janus never gathers ICE candidates on loopback interfaces, so the namespace has, besides its own
// `lo`, a veth pair whose end `rtc0` carries 127.0.0.2 (still this machine's loopback range).
// Nothing in the namespace can reach any other network: all traffic stays in it.
//
//   node scripts/netns.mjs -- <command> [args…]
//
// Needs root (or an unprivileged user namespace) and `unshare` and `ip`; exits 3 with a clear
// message when the namespace cannot be made, so a caller can say why it did not run its tests.
// Inside, RTC_NETNS=1 and RTC_SFU_ADDRESS=127.0.0.2, RTC_SFU_INTERFACE=rtc0.
import { spawnSync } from 'node:child_process';

export const SFU_ADDRESS = '127.0.0.2';
export const SFU_INTERFACE = 'rtc0';

const dash = process.argv.indexOf('--');
const command = dash < 0 ? [] : process.argv.slice(dash + 1);
if (command.length === 0) {
  console.error('usage: node scripts/netns.mjs -- <command> [args…]');
  process.exit(2);
}

/** The shell commands that set the namespace up (run inside it). */
const setup = [
  'ip link set lo up',
  `ip link add ${SFU_INTERFACE} type veth peer name rtc1`,
  // No IPv6 on the veth: its link-local addresses would appear a moment after the command
  // starts, which Chromium takes for a network change, failing the requests under way
  // (net::ERR_NETWORK_CHANGED: a test module that "failed to fetch"). lo keeps ::1.
  `echo 1 > /proc/sys/net/ipv6/conf/${SFU_INTERFACE}/disable_ipv6`,
  'echo 1 > /proc/sys/net/ipv6/conf/rtc1/disable_ipv6',
  `ip addr add ${SFU_ADDRESS}/32 dev ${SFU_INTERFACE}`,
  `ip link set ${SFU_INTERFACE} up`,
  'ip link set rtc1 up',
].join(' && ');

if (process.env.RTC_NETNS === '1') {
  // Already inside one: run the command here.
  const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const quote = (a) => `'${String(a).replace(/'/g, `'\\''`)}'`;
const args = process.getuid?.() === 0 ? ['-n'] : ['-r', '-n'];
// Try first (quietly), so a machine that cannot make one gets a clear message, not ip's.
const probe = spawnSync('unshare', [...args, 'sh', '-c', setup], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  process.stderr.write(probe.stderr ?? '');
  console.error(
    `\nCould not make a private network namespace for the SFU tests (${probe.error?.message ?? `exit ${probe.status}`}).` +
      '\nThey need root (CI runs as root), `unshare` (util-linux) and `ip` (iproute2).',
  );
  process.exit(3);
}
const run = spawnSync('unshare', [...args, 'sh', '-c', `${setup} && exec ${command.map(quote).join(' ')}`], {
  stdio: 'inherit',
  env: { ...process.env, RTC_NETNS: '1', RTC_SFU_ADDRESS: SFU_ADDRESS, RTC_SFU_INTERFACE: SFU_INTERFACE },
});
process.exit(run.status ?? 1);

/**
 * An impaired network for browser tests, per participant, made of real Linux networking.
 *
 * Runs inside the private network namespace of `scripts/netns.mjs` (call it S: the test, the
 * browsers and the page server live there). It makes a second namespace V (`ip netns add`) for the
 * servers (the signaling server and coturn, see servers.ts), and joins S to V by one veth pair per
 * participant: participant i reaches V at 127.0.i.1 from 127.0.i.2, so everything it sends to or
 * receives from the servers, signaling and media alike, crosses its own pair and nobody else's:
 *
 *   S: browser i ─ lo ─ delay relay i (user space) ─ imp<i> 127.0.i.2 ══ imp<i>v 127.0.i.1 ─ coturn, rtc-signal :V
 *                └──────────── WebSocket to ws://127.0.i.1 ────────────┘
 *
 * On each pair: `tc tbf` caps the rate (uplink: S's end; downlink: V's end), nftables drops at
 * random (`numgen random`) or in bursts (`numgen inc`: n packets in a row of every 100) as they
 * arrive (so no sender sees a local error), and the
 * link can go down and come back (`ip link set`). The kernel here has no netem, so delay and
 * jitter are the delay relay's (relay.ts), through which each participant reaches TURN (the pages
 * are relay-only). Every address is in 127.0.0.0/8, in namespaces made here: nothing leaves them.
 * Both namespaces' `lo` keep 127.0.0.1 only (not the whole /8), so the other 127.0.i.x are routed
 * over the pairs (`route_localnet` lets loopback addresses cross an interface).
 *
 * `close()` deletes V; V is also deleted when this process exits or is signalled, and a V left
 * by a process that died (SIGKILL) is swept at the next start.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const PREFIX = 'rtcimp-';

/** Runs a command (throws with its stderr on failure). */
function sh(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Runs a shell script in namespace `ns` (S when undefined). */
function script(lines: readonly string[], ns?: string): void {
  const text = lines.join(' && ');
  if (ns) sh('ip', ['netns', 'exec', ns, 'sh', '-ec', text]);
  else sh('sh', ['-ec', text]);
}

/** What `nft` and `tc` need: root, in a namespace of our own. */
export function networkAvailable(): string | null {
  if (process.env.RTC_NETNS !== '1') return 'not inside the namespace of scripts/netns.mjs';
  if (process.getuid?.() !== 0) return 'not root';
  for (const tool of ['ip', 'tc', 'nft']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is missing (Debian packages iproute2, nftables)`;
    }
  }
  return null;
}

/** Deletes the V namespaces of processes that are gone. */
function sweep(): void {
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns');
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice(PREFIX.length));
    if (!name.startsWith(PREFIX) || !Number.isInteger(pid)) continue;
    try {
      process.kill(pid, 0);
    } catch {
      try {
        sh('ip', ['netns', 'del', name]);
      } catch {
        // already gone
      }
    }
  }
}

export interface Impairment {
  /** Rate cap in kbit/s (tbf), or null for none. */
  rateKbit?: number | null;
  /** Share of UDP packets dropped, in percent (each way), or 0. */
  lossPercent?: number;
  /** Drop in bursts: that share as runs of consecutive packets (of every 100), not at random. */
  burst?: boolean;
}

/** One participant's pair. */
export class Link {
  /** The participant's side (S): 127.0.i.2 on imp<i>. */
  readonly local: string;
  /** The servers' side (V): 127.0.i.1 on imp<i>v. */
  readonly remote: string;
  readonly #up: string;
  readonly #down: string;
  readonly #ns: string;

  constructor(
    readonly index: number,
    ns: string,
  ) {
    this.#ns = ns;
    this.local = `127.0.${index}.2`;
    this.remote = `127.0.${index}.1`;
    this.#up = `imp${index}`;
    this.#down = `imp${index}v`;
    const v = this.#down;
    script([
      `ip link add ${this.#up} type veth peer name ${v} netns ${ns}`,
      `echo 1 > /proc/sys/net/ipv6/conf/${this.#up}/disable_ipv6`,
      `sysctl -qw net.ipv4.conf.${this.#up}.route_localnet=1`,
      `ip addr add ${this.local}/32 dev ${this.#up}`,
      `ip link set ${this.#up} up`,
    ]);
    script(
      [
        `echo 1 > /proc/sys/net/ipv6/conf/${v}/disable_ipv6`,
        `sysctl -qw net.ipv4.conf.${v}.route_localnet=1`,
        `ip addr add ${this.remote}/32 dev ${v}`,
        `ip link set ${v} up`,
        `ip route replace ${this.local}/32 dev ${v} src ${this.remote}`,
        // A chain per pair end, on every packet that arrives: its rules match their interface only.
        // Dropped on arrival, not on the way out: a packet a local filter drops on its way out
        // fails the sender's sendto (EPERM), which a browser takes for a broken socket.
        `nft add chain inet impair ${v} '{ type filter hook prerouting priority -300; }'`,
      ],
      ns,
    );
    script([
      `ip route replace ${this.remote}/32 dev ${this.#up} src ${this.local}`,
      `nft add chain inet impair ${this.#up} '{ type filter hook prerouting priority -300; }'`,
    ]);
  }

  /**
   * Applies `impairment` to this participant's path, both ways (the rate to its uplink only, as a
   * capped upload is what people have): replaces what was set before; `{}` lifts everything.
   */
  set({ rateKbit = null, lossPercent = 0, burst = false }: Impairment): void {
    const qdisc = rateKbit
      ? // A burst of a few packets and a queue of at most 100 ms, as a small home router has.
        `tc qdisc replace dev ${this.#up} root tbf rate ${rateKbit}kbit burst 8kb latency 100ms`
      : `tc qdisc del dev ${this.#up} root 2>/dev/null || true`;
    const drop = (chain: string) => {
      const lines = [`nft flush chain inet impair ${chain}`];
      if (lossPercent > 0) {
        const pick = burst ? 'numgen inc mod 100' : 'numgen random mod 100';
        lines.push(
          `nft add rule inet impair ${chain} iifname ${chain} meta l4proto udp ${pick} '<' ${Math.round(lossPercent)} drop`,
        );
      }
      return lines;
    };
    script([qdisc, ...drop(this.#up)]);
    script(drop(this.#down), this.#ns);
  }

  /** Takes the link down (every packet of this participant lost), or brings it back (`up`). */
  setUp(up: boolean): void {
    script([`ip link set ${this.#up} ${up ? 'up' : 'down'}`]);
    // A link that goes down loses its routes: put this one back.
    if (up) script([`ip route replace ${this.remote}/32 dev ${this.#up} src ${this.local}`]);
  }
}

export class ImpairedNetwork {
  /** V's name (`ip netns exec <ns> …` starts a server there). */
  readonly ns = `${PREFIX}${process.pid}`;
  readonly links: Link[] = [];
  #closed = false;
  readonly #onExit = () => this.close();

  /** Makes V and `participants` pairs. Throws when it cannot (see networkAvailable). */
  constructor(participants: number) {
    const why = networkAvailable();
    if (why) throw new Error(`cannot make the impaired network: ${why}`);
    sweep();
    process.once('exit', this.#onExit);
    try {
      sh('ip', ['netns', 'add', this.ns]);
      const loopback = [
        'ip link set lo up',
        // 127.0.0.1 only: the rest of 127/8 is routed over the pairs.
        'ip addr del 127.0.0.1/8 dev lo 2>/dev/null || true',
        'ip addr replace 127.0.0.1/32 dev lo',
        'sysctl -qw net.ipv4.conf.all.route_localnet=1',
        'nft add table inet impair',
      ];
      script(loopback);
      script(loopback, this.ns);
      for (let i = 1; i <= participants; i++) this.links.push(new Link(i, this.ns));
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Deletes V (its end of every pair goes with it, and so does S's) and S's rules. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    process.off('exit', this.#onExit);
    for (const link of this.links) {
      try {
        sh('ip', ['link', 'del', `imp${link.index}`]);
      } catch {
        // gone with V
      }
    }
    try {
      sh('nft', ['delete', 'table', 'inet', 'impair']);
    } catch {
      // not made
    }
    try {
      sh('ip', ['netns', 'del', this.ns]);
    } catch {
      // not made
    }
  }
}

// A signal ends the process through 'exit' only if someone handles it: make sure V goes.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.exitCode = 130;
    process.exit();
  });
}

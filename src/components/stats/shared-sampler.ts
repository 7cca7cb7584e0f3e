import { loadOnce } from '../../core/load-once.js';
import type { StatsSampler, StatsSession } from '../../core/stats/sampler.js';

type SamplerModule = typeof import('../../core/stats/sampler.js');

/** The sampler's code once it is in. */
let loaded: SamplerModule | undefined;
const loadSampler = loadOnce(
  () => import('../../core/stats/sampler.js').then((module) => (loaded = module)),
  'the call statistics',
);

/**
 * Calls `use` with `session`'s shared `StatsSampler` (`sharedStatsSampler`), or with null for no
 * session. The sampler's code (reading `getStats()`, the quality rule) is a chunk of its own,
 * loaded the first time an element asks for one, as the call starts (issue 24: nothing shows a
 * number or a quality bar before a call has run for a second): `use` runs at once once it is in,
 * and after it has loaded the first time (the caller checks that it still wants that session).
 */
export function withSharedSampler(session: StatsSession | null, use: (sampler: StatsSampler | null) => void): void {
  if (!session) use(null);
  else if (loaded) use(loaded.sharedStatsSampler(session));
  else void loadSampler().then((module) => module && use(module.sharedStatsSampler(session)));
}

/**
 * Turns each named custom state (`:state(name)`) on or off. Where the engine has no
 * `ElementInternals.states`, nothing happens: the element still renders, only unstyled by state.
 */
export function setStates(internals: ElementInternals, states: Record<string, boolean>): void {
  const set = internals.states;
  for (const name in states) {
    if (states[name]) set?.add(name);
    else set?.delete(name);
  }
}

/**
 * A loader of a chunk of code (issue 24: what the first screen does not need comes by `import()`
 * on first use): `load` runs the first time the loader is called, and its promise is kept; after a
 * failure (a chunk the server does not have) the loader warns, naming `what`, resolves with
 * undefined, and tries again on its next call.
 */
export function loadOnce<T>(load: () => Promise<T>, what: string): () => Promise<T | undefined> {
  let loading: Promise<T | undefined> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      console.warn(`rtc-elements: ${what} could not be loaded.`, error);
      return undefined;
    }));
}

/**
 * The server's packages are optional peer dependencies of `rtc-elements`, so that whoever installs
 * it for the elements alone installs no server code. The server loads each where it needs it:
 * `ws` always (the server cannot run without it), `prom-client` for `/metrics`, `jose` for JWT
 * auth, `ioredis` for Redis rooms. A missing one becomes a {@link MissingPackageError} that says
 * what needs it and how to install it.
 */
import { createRequire } from 'node:module';

/** A package the server needs for `why` is not installed. */
export class MissingPackageError extends Error {
  override readonly name = 'MissingPackageError';
  readonly code = 'ERR_RTC_MISSING_PACKAGE';

  constructor(
    /** The npm package, e.g. `ws`. */
    readonly packageName: string,
    /** What needs it, e.g. `JWT auth (--jwt-secret)`. */
    readonly why: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${why} needs the package "${packageName}", which is not installed. Install it: npm install ${packageName}`,
      options,
    );
  }
}

/**
 * True when `error` says that the package `name` itself could not be found: by `import()`
 * (`ERR_MODULE_NOT_FOUND`, "Cannot find package 'name' imported from …") or by `require`
 * (`MODULE_NOT_FOUND`, "Cannot find module 'name'"). A missing file inside the package, or a
 * missing dependency of the package, is another error and stays as it is.
 */
export function isMissingPackage(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_MODULE_NOT_FOUND') return error.message.startsWith(`Cannot find package '${name}' `);
  if (code === 'MODULE_NOT_FOUND') return error.message.split('\n', 1)[0] === `Cannot find module '${name}'`;
  return false;
}

/**
 * Imports the optional package `name` (or runs `load`, e.g. the import of a module of ours that
 * imports it) and turns "package `name` not found" into a {@link MissingPackageError} naming
 * `why` and `npm install name`. Any other failure is rethrown as it is.
 */
export async function loadOptional<T>(
  name: string,
  why: string,
  load: () => Promise<T> = () => import(name),
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, name)) throw new MissingPackageError(name, why, { cause: error });
    throw error;
  }
}

const require = createRequire(import.meta.url);

/**
 * {@link loadOptional} for a CommonJS package a synchronous constructor needs (`ws`, `prom-client`):
 * a top-level `await import()` would make the whole server module asynchronous, and so no longer
 * loadable with `require()` from CommonJS.
 */
export function requireOptional<T>(name: string, why: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    if (isMissingPackage(error, name)) throw new MissingPackageError(name, why, { cause: error });
    throw error;
  }
}

/**
 * `rtc-elements/processors` (issue 28): background blur, a background image and noise suppression
 * for `Room.setProcessor`. Nothing here loads until one is chosen: each processor imports its code
 * the first time it runs, and its worker, WebAssembly and model are files of their own
 * (`dist/processors/`, copied there by scripts/bundle.mjs), fetched from `baseUrl` only, never from
 * another origin. A page that serves them elsewhere says where with `baseUrl`.
 */
import type { TrackProcessor } from '../processor-types.js';

export interface ProcessorOptions {
  /**
   * Where the processors' files are served (a folder URL): by default `dist/processors/` beside
   * the module that loads them (the package's own copy; the CDN build's `processors/` folder).
   */
  baseUrl?: string | URL;
}

/** How strongly `blurBackground` blurs. */
export type BlurStrength = 'normal' | 'strong';

/** What a background processor does with what is not the person. */
export type BackgroundEffect = { blur: number } | { image: ImageBitmap };

/** The blur radius of each strength, in pixels of a 640-pixel-wide frame. */
export const BLUR_RADIUS: Readonly<Record<BlurStrength, number>> = { normal: 8, strong: 20 };

const here = import.meta.url;
/** `dist/processors/`, from the core's module (`dist/src/core/processors/`) or the CDN build's part (`dist/parts/`). */
const defaultBase = () => new URL(/\/parts\/[^/]*$/.test(here) ? '../processors/' : '../../../processors/', here);

/** The folder the processors' files come from. */
export const processorBase = (options?: ProcessorOptions): URL =>
  new URL(String(options?.baseUrl ?? defaultBase()).replace(/\/?$/, '/'), globalThis.location?.href);

const background =
  (effect: () => Promise<BackgroundEffect>, options?: ProcessorOptions): TrackProcessor =>
  async (track) =>
    (await import('./video.js')).processVideo(track, await effect(), processorBase(options));

/** Blurs the camera's background (the person stays sharp), in a worker where the browser allows. */
export const blurBackground = (options?: ProcessorOptions & { strength?: BlurStrength }): TrackProcessor =>
  background(async () => ({ blur: BLUR_RADIUS[options?.strength ?? 'normal'] }), options);

/** Puts `image` (a URL of the page's origin, or an image) behind the person instead of the camera's background. */
export const imageBackground = (image: string | URL | ImageBitmapSource, options?: ProcessorOptions): TrackProcessor =>
  background(async () => {
    const source =
      typeof image === 'string' || image instanceof URL ? await (await fetch(String(image))).blob() : image;
    return { image: await createImageBitmap(source) };
  }, options);

/** Suppresses the microphone's noise (keyboards, fans, street) with RNNoise in an AudioWorklet, at 48 kHz. */
export const noiseSuppression =
  (options?: ProcessorOptions): TrackProcessor =>
  async (track) =>
    (await import('./audio.js')).suppressNoise(track, processorBase(options));

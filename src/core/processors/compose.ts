/**
 * The background processors' drawing (issue 28), in the worker: the person (the segmentation's
 * mask: its alpha is the confidence that a pixel is the person's) over the background blurred (drawn at a quarter of the size, blurred, and
 * scaled up: cheaper than a full-size blur, and softer) or over the page's image.
 */
import type { BackgroundEffect } from './index.js';

export class Composer {
  #out = new OffscreenCanvas(1, 1);
  #ctx = this.#out.getContext('2d', { willReadFrequently: true })!;
  #person = new OffscreenCanvas(1, 1);
  #personCtx = this.#person.getContext('2d', { willReadFrequently: true })!;
  #small = new OffscreenCanvas(1, 1);
  #smallCtx = this.#small.getContext('2d', { willReadFrequently: true })!;
  #effect: BackgroundEffect;

  constructor(effect: BackgroundEffect) {
    this.#effect = effect;
  }

  /** Draws `frame` with its background replaced, `mask` (any size: it is scaled) saying where the person is. */
  draw(frame: CanvasImageSource, width: number, height: number, mask: CanvasImageSource | null): OffscreenCanvas {
    for (const canvas of [this.#out, this.#person]) {
      if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
    }
    const ctx = this.#ctx;
    if ('blur' in this.#effect) {
      const [w, h] = [Math.max(1, Math.round(width / 4)), Math.max(1, Math.round(height / 4))];
      if (this.#small.width !== w || this.#small.height !== h) [this.#small.width, this.#small.height] = [w, h];
      this.#smallCtx.filter = `blur(${(this.#effect.blur * width) / 640 / 4}px)`;
      this.#smallCtx.drawImage(frame, 0, 0, w, h);
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(this.#small, 0, 0, width, height);
    } else {
      // The image covers the frame (cropped, not stretched).
      const image = this.#effect.image;
      const scale = Math.max(width / image.width, height / image.height);
      const [w, h] = [image.width * scale, image.height * scale];
      ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
    }
    if (!mask) return this.#out;
    const person = this.#personCtx;
    person.globalCompositeOperation = 'copy';
    person.imageSmoothingQuality = 'high';
    person.drawImage(mask, 0, 0, width, height);
    person.globalCompositeOperation = 'source-in';
    person.drawImage(frame, 0, 0, width, height);
    ctx.drawImage(this.#person, 0, 0);
    return this.#out;
  }
}

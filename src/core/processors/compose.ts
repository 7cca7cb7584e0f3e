/**
 * The background processors' drawing (issue 28), in the worker, in two steps: `frame()` puts the
 * camera's frame on the output canvas as it is (the one conversion of the camera's frame per
 * frame: the model's input is scaled from this canvas); `compose()` keeps the person there (the
 * segmentation's mask: its alpha is the confidence that a pixel is the person's) and draws the new
 * background behind: the frame blurred (from a small copy, blurred and scaled up: cheaper than a
 * full-size blur, and softer) or the page's image. Three full-size passes per frame (the frame,
 * the mask, the background), each on the CPU where the browser has no GPU.
 */
import type { BackgroundEffect } from './index.js';

export class Composer {
  #out = new OffscreenCanvas(1, 1);
  #ctx = this.#out.getContext('2d', { willReadFrequently: true })!;
  #small = new OffscreenCanvas(1, 1);
  #smallCtx = this.#small.getContext('2d', { willReadFrequently: true })!;
  #effect: BackgroundEffect;

  constructor(effect: BackgroundEffect) {
    this.#effect = effect;
  }

  /** Step 1: `frame` as it is, at `width` x `height`, on the canvas `compose()` finishes. */
  frame(frame: CanvasImageSource, width: number, height: number): OffscreenCanvas {
    const out = this.#out;
    if (out.width !== width || out.height !== height) [out.width, out.height] = [width, height];
    this.#ctx.globalCompositeOperation = 'copy';
    this.#ctx.drawImage(frame, 0, 0, width, height);
    return out;
  }

  /**
   * Step 2: the person as `mask` (any size: it is scaled) says, over the new background;
   * `small`, a smaller copy of the frame, is what the blur is made from.
   */
  compose(mask: CanvasImageSource | null, small: CanvasImageSource): OffscreenCanvas {
    const [ctx, { width, height }] = [this.#ctx, this.#out];
    // (Bilinear: the mask is soft at its edges anyway, and the background is blurred.)
    ctx.imageSmoothingQuality = 'low';
    if (mask) {
      ctx.globalCompositeOperation = 'destination-in';
      ctx.drawImage(mask, 0, 0, width, height);
    }
    ctx.globalCompositeOperation = 'destination-over';
    if ('blur' in this.#effect) {
      const [w, h] = [Math.max(1, Math.round(width / 4)), Math.max(1, Math.round(height / 4))];
      if (this.#small.width !== w || this.#small.height !== h) [this.#small.width, this.#small.height] = [w, h];
      this.#smallCtx.globalCompositeOperation = 'copy';
      this.#smallCtx.filter = `blur(${(this.#effect.blur * width) / 640 / 4}px)`;
      this.#smallCtx.drawImage(small, 0, 0, w, h);
      ctx.drawImage(this.#small, 0, 0, width, height);
    } else {
      // The image covers the frame (cropped, not stretched).
      const image = this.#effect.image;
      const scale = Math.max(width / image.width, height / image.height);
      const [w, h] = [image.width * scale, image.height * scale];
      ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
    }
    return this.#out;
  }
}

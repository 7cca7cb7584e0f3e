/**
 * The strictest autoplay policy, for one story: `play()` with sound is refused with
 * `NotAllowedError`, as browsers refuse it, until the person clicks in the story. Browsers decide
 * this from user activation, which Storybook's own clicks (in the sidebar, same origin) grant to
 * the story too, so without this stand-in the `blocked` state would show only sometimes.
 * Returns the function that restores the browser's own `play()`.
 */
export function refuseSoundUntilClick(): () => void {
  const original = HTMLMediaElement.prototype.play;
  let clicked = false;
  const onClick = (event: Event) => {
    if (event.isTrusted) clicked = true;
  };
  document.addEventListener('click', onClick, { capture: true });
  HTMLMediaElement.prototype.play = function play(this: HTMLMediaElement) {
    if (this.muted || clicked) return original.call(this);
    return Promise.reject(
      new DOMException("play() failed because the user didn't interact with the document first.", 'NotAllowedError'),
    );
  };
  return () => {
    HTMLMediaElement.prototype.play = original;
    document.removeEventListener('click', onClick, { capture: true });
  };
}

/**
 * Processors (issue 28): what turns the camera's or microphone's track into the one shown and
 * sent (a background blurred, noise suppressed). The processors themselves load only when chosen
 * (src/core/processors/, their own files); the core knows only these types.
 */

/** A processed track, and what stops the processing (it never stops the track it was given). */
export interface ProcessedTrack {
  track: MediaStreamTrack;
  stop(): void;
}

/** Makes the processed track of a camera or microphone track (which stays the caller's). */
export type TrackProcessor = (track: MediaStreamTrack) => Promise<ProcessedTrack>;

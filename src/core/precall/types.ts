import type { Verdict } from './verdicts.js';

export type { Verdict };

/** The parts of the check, in the order they are shown. */
export type PrecallPart = 'camera' | 'microphone' | 'speaker' | 'network';

export interface CameraResult {
  verdict: Verdict;
  /** Frames decoded from the camera while it was watched, and how many a second. */
  frames: number;
  fps: number;
  width: number;
  height: number;
  /** Why it is bad, when it is: `no-camera` (none given or it ended). */
  reason?: string;
}

export interface MicrophoneResult {
  verdict: Verdict;
  /** The loudest level heard, RMS 0 to 1. */
  peak: number;
  reason?: string;
}

export interface SpeakerResult {
  verdict: Verdict;
  /** The speaker the test sound was played on (`''`: the default one). */
  sinkId: string;
  /** `fair` with `no-sink-choice`: a speaker was chosen, but this browser can only play on the default one. */
  reason?: string;
}

export interface NetworkResult {
  verdict: Verdict;
  /** Whether a connection through the server's TURN relay was made. */
  relayed: boolean;
  /** The round trip through the relay in ms (null: none measured). */
  rttMs: number | null;
  /** The share of datagrams lost on the way through the relay, 0 to 1. */
  loss: number;
  /** Bits a second that crossed the relay. */
  bitrate: number;
  /** How long the signaling server took to answer our join, in ms (null without a server). */
  serverMs: number | null;
  /** Why it is bad without numbers: `no-relay` (the server gave none), `server-unreachable`, `relay-failed`. */
  reason?: string;
}

export interface PrecallResults {
  camera?: CameraResult;
  microphone?: MicrophoneResult;
  speaker?: SpeakerResult;
  network?: NetworkResult;
  /** The worst verdict of the parts checked. */
  verdict: Verdict;
}

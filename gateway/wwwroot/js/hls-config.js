/**
 * hls.js settings of the live player (player.js). Kept in a file of its own, with no imports, so the
 * glass-to-glass measurement (tests/e2e-hls/glass.js) plays with exactly what viewers get.
 *
 * - No liveSyncDuration/liveSyncDurationCount: setting either makes hls.js ignore the server's
 *   PART-HOLD-BACK (1 s) and sit that many target durations (2 x 2 s = 4 s) behind the live edge.
 * - maxLiveSyncPlaybackRate: after a stall hls.js plays up to 1.5x until it is back at its target latency;
 *   at 1 (the default) every stall adds to the latency for good.
 * - liveSyncOnStallIncrease: each stall raises the target latency by this much (hls.js default 1 s).
 */
export const LIVE_HLS_CONFIG = Object.freeze({
  lowLatencyMode: true,
  maxLiveSyncPlaybackRate: 1.5,
  liveSyncOnStallIncrease: 0.25,
  backBufferLength: 30,
});

/** Replays and previews: no low-latency loading. */
export const VOD_HLS_CONFIG = Object.freeze({
  lowLatencyMode: false,
  liveSyncDurationCount: 3,
  backBufferLength: 30,
});

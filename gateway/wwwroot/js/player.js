import Hls from '/lib/hls.mjs';
import { LIVE_HLS_CONFIG, VOD_HLS_CONFIG, keepNearLive } from './hls-config.js';

/**
 * Plays an HLS URL in a <video>: hls.js with low-latency mode where Media Source Extensions exist,
 * the browser's own HLS otherwise (Safari). Returns the Hls instance (or null) so callers can destroy it.
 */
export function attachHls(video, url, { lowLatency = true, onFatal, token } = {}) {
  if (!/\.m3u8(\?|$)/.test(url)) {
    video.src = url;
    return null;
  }
  if (Hls.isSupported()) {
    // A subscribers-only video's playlists and segments need the viewer's bearer token on every request.
    const auth = token ? { xhrSetup: (xhr) => xhr.setRequestHeader('Authorization', `Bearer ${token}`) } : {};
    const hls = new Hls({ ...(lowLatency ? LIVE_HLS_CONFIG : VOD_HLS_CONFIG), ...auth });
    let destroyed = false;
    hls.on(Hls.Events.DESTROYING, () => { destroyed = true; });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal || destroyed) return;
      if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
        onFatal?.(data);
        // The playlist is not there yet (the host is still connecting) or the network blipped: try again.
        setTimeout(() => { if (!destroyed) hls.loadSource(url); }, 2000);
      } else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
      } else {
        onFatal?.(data);
      }
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    if (lowLatency) keepNearLive(hls, video);
    return hls;
  }
  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = url;
    return null;
  }
  onFatal?.({ details: 'HLS is not supported in this browser.' });
  return null;
}

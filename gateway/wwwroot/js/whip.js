// WHIP (RFC 9725) publishing from the page: one POST of the SDP offer with the stream key as bearer
// token, the SDP answer back, DELETE of the Location to stop. ICE candidates are gathered before the
// offer is sent (no trickle), which every WHIP server accepts.

/** Puts H.264 first where the browser lets us choose, so the server need not transcode. */
function preferH264(transceiver) {
  const caps = RTCRtpSender.getCapabilities?.('video');
  if (!caps || !transceiver.setCodecPreferences) return;
  const h264 = caps.codecs.filter((c) => c.mimeType.toLowerCase() === 'video/h264');
  if (!h264.length) return;
  // Constrained baseline with packetization-mode=1 first: the most widely decodable profile.
  h264.sort((a, b) => score(b) - score(a));
  const rest = caps.codecs.filter((c) => c.mimeType.toLowerCase() !== 'video/h264');
  transceiver.setCodecPreferences([...h264, ...rest]);
  function score(c) {
    const f = c.sdpFmtpLine ?? '';
    return (f.includes('packetization-mode=1') ? 2 : 0) + (f.includes('profile-level-id=42e01f') ? 1 : 0);
  }
}

function waitForIce(pc, timeoutMs = 3000) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { pc.removeEventListener('icegatheringstatechange', check); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    pc.addEventListener('icegatheringstatechange', check);
    setTimeout(done, timeoutMs);
  });
}

export class WhipPublisher {
  constructor(stream) {
    this.stream = stream;
    this.pc = null;
    this.location = null;
    this.streamKey = null;
    this.onstate = null;
    this._last = null;
  }

  async publish(whipUrl, streamKey) {
    this.streamKey = streamKey;
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.pc = pc;
    pc.addEventListener('connectionstatechange', () => this.onstate?.(pc.connectionState));
    for (const track of this.stream.getTracks()) {
      const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [this.stream] });
      if (track.kind === 'video') preferH264(transceiver);
    }
    await pc.setLocalDescription(await pc.createOffer());
    await waitForIce(pc);
    let response;
    try {
      response = await fetch(whipUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${streamKey}` },
        body: pc.localDescription.sdp,
      });
    } catch {
      this.close();
      throw Object.assign(new Error('Cannot reach the ingest server.'), { code: 'network' });
    }
    if (response.status !== 201 && response.status !== 200) {
      let detail = `The ingest server answered ${response.status}.`;
      let code = `whip_${response.status}`;
      try {
        const problem = await response.json();
        detail = problem.detail ?? detail;
        code = problem.code ?? code;
      } catch { /* not JSON */ }
      this.close();
      throw Object.assign(new Error(detail), { code });
    }
    const location = response.headers.get('Location');
    this.location = location ? new URL(location, whipUrl).toString() : null;
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
  }

  /** Bitrate (kbit/s), resolution and frame rate of the outgoing video, from getStats deltas. */
  async health() {
    if (!this.pc) return null;
    const stats = await this.pc.getStats();
    let video = null;
    let codec = null;
    stats.forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') video = s;
    });
    if (!video) return { state: this.pc.connectionState };
    if (video.codecId) codec = stats.get(video.codecId)?.mimeType ?? null;
    const now = { bytes: video.bytesSent ?? 0, at: video.timestamp };
    let kbps = 0;
    if (this._last && now.at > this._last.at) kbps = Math.round(((now.bytes - this._last.bytes) * 8) / (now.at - this._last.at));
    this._last = now;
    return {
      state: this.pc.connectionState,
      kbps,
      width: video.frameWidth ?? 0,
      height: video.frameHeight ?? 0,
      fps: Math.round(video.framesPerSecond ?? 0),
      codec,
    };
  }

  // DELETE first (RFC 9725 §4.3), then close: closing the peer connection first sends DTLS close_notify, the server
  // ends the session on it, and the DELETE found nothing (404). A server that does not answer within 3 s does not
  // keep the camera sending; the session then ends on the close or times out.
  async stop() {
    const location = this.location;
    if (location) {
      try {
        await fetch(location, { method: 'DELETE', headers: { Authorization: `Bearer ${this.streamKey}` }, signal: AbortSignal.timeout(3000) });
      } catch { /* the session ends with the peer connection below anyway */ }
    }
    this.close();
  }

  close() {
    this.pc?.close();
    this.pc = null;
    this.location = null;
  }
}

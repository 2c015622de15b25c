/**
 * Real-time playback over WHEP (POST a recvonly offer, play the answer's streams): a few hundred milliseconds behind
 * the host instead of LL-HLS's 1-2 s. Resolves to { videoOnly, close() } once the answer is applied; rejects (error.status set)
 * when the room is not available in real time, so the caller falls back to LL-HLS.
 */
export async function attachWhep(video, url, { onFailed } = {}) {
  if (typeof RTCPeerConnection === 'undefined') throw new Error('WebRTC is not available in this browser.');
  const pc = new RTCPeerConnection();
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const stream = new MediaStream();
  pc.ontrack = (event) => {
    stream.addTrack(event.track);
    if (video.srcObject !== stream) video.srcObject = stream;
    video.play().catch(() => {});
  };
  let location = null;
  let videoOnly = false;
  try {
    await pc.setLocalDescription(await pc.createOffer());
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
    if (response.status !== 201) {
      const error = new Error(`Real-time playback is not available (${response.status}).`);
      error.status = response.status;
      throw error;
    }
    location = response.headers.get('Location');
    // An RTMP room's real-time stream has no sound (its AAC is not sent over WebRTC): "Stagecast-Whep-Audio: none".
    videoOnly = response.headers.get('Stagecast-Whep-Audio') === 'none';
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
  } catch (error) {
    pc.close();
    throw error;
  }
  let closed = false;
  pc.addEventListener('connectionstatechange', () => {
    if (!closed && (pc.connectionState === 'failed' || pc.connectionState === 'closed')) onFailed?.();
  });
  return {
    videoOnly,
    close() {
      if (closed) return;
      closed = true;
      if (video.srcObject === stream) video.srcObject = null;
      // DELETE first, as the WHIP publisher does: closing the peer first ends the session on the server (DTLS
      // close_notify), and the DELETE that followed answered 404, a failed request in the console.
      const deleted = location ? fetch(location, { method: 'DELETE' }).then((r) => r.text()).catch(() => {}) : null;
      Promise.race([deleted, new Promise((resolve) => setTimeout(resolve, 3000))]).then(() => pc.close());
    },
  };
}

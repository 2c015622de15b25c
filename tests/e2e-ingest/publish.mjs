// Headless Chromium as a WHIP publisher. Usage: node publish.mjs '<json>' with
// { baseUrl, room, key, seconds, scenario: "delete" | "vanish", chromium? }.
// Prints one JSON line with what the page saw.
import { chromium } from 'playwright-core';

const config = JSON.parse(process.argv[2]);
const executablePath = config.chromium || '/usr/lib/chromium/chromium';
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  ],
});
let result;
try {
  const page = await browser.newPage();
  await page.goto(config.baseUrl);
  result = await page.evaluate(async ({ room, key, seconds, scenario }) => {
    const url = `/api/live/${room}/whip`;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const out = {};

    async function offerFor(pc) {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly' });
      const video = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
      const h264 = RTCRtpSender.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/H264');
      video.setCodecPreferences(h264);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      return offer.sdp;
    }
    const post = (sdp, token) => fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: sdp,
    });

    const pc = new RTCPeerConnection();
    const sdp = await offerFor(pc);
    out.wrongKeyStatus = (await post(sdp, 'not-the-key')).status;
    const response = await post(sdp, key);
    out.status = response.status;
    out.location = response.headers.get('Location');
    if (response.status !== 201) {
      out.body = await response.text();
      return out;
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    for (let i = 0; i < 150 && pc.connectionState !== 'connected'; i++) await sleep(100);
    out.connectionState = pc.connectionState;
    out.iceConnectionState = pc.iceConnectionState;

    const other = new RTCPeerConnection();
    out.secondPublisherStatus = (await post(await offerFor(other), key)).status;
    other.close();

    await sleep(seconds * 1000);
    const stats = await pc.getStats();
    stats.forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        out.video = {
          framesEncoded: s.framesEncoded, keyFramesEncoded: s.keyFramesEncoded, pliCount: s.pliCount, nackCount: s.nackCount,
          frameWidth: s.frameWidth, frameHeight: s.frameHeight, encoderImplementation: s.encoderImplementation, packetsSent: s.packetsSent,
        };
      }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') out.audio = { packetsSent: s.packetsSent };
      if (s.type === 'transport') out.dtlsState = s.dtlsState;
    });
    if (scenario === 'delete') {
      out.deleteStatus = (await fetch(out.location, { method: 'DELETE', headers: { Authorization: `Bearer ${key}` } })).status; // RFC 9725: the key again
      pc.close();
    }
    return out;
  }, config);
} catch (e) {
  result = { error: String(e && e.stack || e) };
} finally {
  await browser.close(); // "vanish": the page disappears without DELETE
}
console.log(JSON.stringify(result));

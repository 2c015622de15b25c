// WHEP with a second, independent WebRTC stack: werift (pure TypeScript, no libwebrtc) as the viewer. A headless
// Chromium publishes the drawn clock over WHIP (glass.js's publisher); werift POSTs a recvonly H.264 + Opus offer
// to the room's WHEP URL, connects (ICE against our ICE-lite, DTLS client against our passive DTLS, SRTP) and counts
// the RTP it receives, checks the SSRCs and payload types are the ones the answer announced, that video starts with
// a keyframe, sends a PLI and sees a keyframe follow, then DELETEs the session.
//
// Usage: node whep-werift.js '<json>' with { baseUrl, room, key, hlsUrl, whepUrl, seconds? (5), viewerBaseUrl? }.
// viewerBaseUrl (default baseUrl): the gateway werift watches on, when it is not the one Chromium publishes to.
// Prints one JSON line: { ok, reason, answerSsrcs, video: {...}, audio: {...}, deleteStatus }.
const { chromium } = require('playwright-core');
const { newViewerConnection } = require('./werift-viewer.js');
const { publisherPage, waitForPlaylist, args, executablePath, CODE } = require('./glass.js');

const config = JSON.parse(process.argv[2]);
const seconds = Number(config.seconds || 5);
const viewerBase = config.viewerBaseUrl || config.baseUrl;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const startsKeyframe = (p) => {
  if (p.length < 2) return false;
  const t = p[0] & 0x1f;
  if (t === 5 || t === 7) return true;
  if (t === 24) return p.length >= 4 && [5, 7].includes(p[3] & 0x1f);
  return t === 28 && (p[1] & 0x80) !== 0 && (p[1] & 0x1f) === 5;
};

(async () => {
  const result = { ok: false };
  const publisher = await chromium.launch({ executablePath, headless: true, args });
  let pc = null;
  try {
    const page = await publisher.newPage();
    await page.goto(config.baseUrl);
    const whip = await page.evaluate(publisherPage, { room: config.room, key: config.key, code: CODE });
    if (whip.status !== 201) throw new Error(`WHIP answered ${whip.status}`);
    if (!(await waitForPlaylist(config.hlsUrl, Date.now() + 60000))) throw new Error('the room never went live');

    pc = newViewerConnection();
    const video = { packets: 0, keyframeStarts: 0, firstIsKeyframe: null, ssrcs: new Set(), payloadTypes: new Set(), seqGaps: 0, lastSeq: null, afterPli: 0 };
    const audio = { packets: 0, ssrcs: new Set(), payloadTypes: new Set() };
    let pliSentAt = null;
    const vt = pc.addTransceiver('video', { direction: 'recvonly' });
    const at = pc.addTransceiver('audio', { direction: 'recvonly' });
    vt.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => {
      const key = startsKeyframe(rtp.payload);
      if (video.firstIsKeyframe === null) video.firstIsKeyframe = key;
      if (key) { video.keyframeStarts++; if (pliSentAt !== null) video.afterPli++; }
      video.packets++;
      video.ssrcs.add(rtp.header.ssrc);
      video.payloadTypes.add(rtp.header.payloadType);
      if (video.lastSeq !== null && rtp.header.sequenceNumber !== ((video.lastSeq + 1) & 0xffff)) video.seqGaps++;
      video.lastSeq = rtp.header.sequenceNumber;
    }));
    at.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => {
      audio.packets++;
      audio.ssrcs.add(rtp.header.ssrc);
      audio.payloadTypes.add(rtp.header.payloadType);
    }));
    await pc.setLocalDescription(await pc.createOffer());
    for (let i = 0; i < 100 && pc.iceGatheringState !== 'complete'; i++) await sleep(50);
    const response = await fetch(new URL(config.whepUrl, viewerBase), {
      method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp,
    });
    result.status = response.status;
    const answer = await response.text();
    if (response.status !== 201) throw new Error(`WHEP answered ${response.status}: ${answer}`);
    const location = new URL(response.headers.get('Location'), viewerBase);
    result.answerSsrcs = [...answer.matchAll(/^a=ssrc:(\d+) cname/gm)].map((m) => Number(m[1]));
    result.answerPayloadTypes = [...answer.matchAll(/^m=\w+ 9 \S+ (\d+)/gm)].map((m) => Number(m[1]));
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });

    const deadline = Date.now() + 60000;
    while (Date.now() < deadline && (video.packets < 50 || audio.packets < 50)) await sleep(100);
    // A PLI from this viewer must bring a keyframe (coalesced by the gateway, at most one per second).
    const ssrc = [...video.ssrcs][0];
    if (ssrc !== undefined) {
      pliSentAt = Date.now();
      await vt.receiver.sendRtcpPLI(ssrc);
    }
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until || (video.afterPli === 0 && Date.now() < deadline)) await sleep(100);

    // A WHEP-only viewer (no hub connection) counts in the room's viewers, and stops counting once it has left.
    const viewersUrl = new URL(`/api/live/${encodeURIComponent(config.room)}`, viewerBase);
    const viewersUntil = async (want) => {
      const until = Date.now() + 30000;
      let seen = null;
      while (Date.now() < until) {
        seen = (await (await fetch(viewersUrl)).json()).viewers;
        if (seen === want) break;
        await sleep(200);
      }
      return seen;
    };
    result.viewersWhileWatching = await viewersUntil(1);
    result.deleteStatus = (await fetch(location, { method: 'DELETE' })).status;
    result.viewersAfterLeaving = await viewersUntil(0);
    result.connectionState = pc.connectionState;
    const plain = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Set ? [...v] : v]));
    Object.assign(result, { ok: true, reason: 'measured', video: plain(video), audio: plain(audio) });
  } catch (e) {
    result.reason = String((e && e.stack) || e);
  } finally {
    if (pc) await pc.close().catch(() => {});
    await publisher.close();
  }
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 2);
})();

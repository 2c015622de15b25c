// WHEP for an RTMP room (issue 16), with werift (no libwebrtc) as the viewer: the room is published by ffmpeg over
// RTMP (the test starts it); werift POSTs a recvonly H.264 + Opus offer, receives the video the gateway packetized from
// the RTMP access units, and writes it out as an H.264 Annex B file (FU-A reassembled) that the test decodes with
// ffmpeg. The AAC arrives as Opus (transcoded by ffmpeg while the room has WHEP viewers; Stagecast-Whep-Audio says so).
//
// Usage: node whep-rtmp.js '<json>' with { baseUrl, whepUrl, out, seconds? (4) }.
// Prints one JSON line: { ok, reason, status, audioHeader, video: {...}, audioPackets, deleteStatus }.
const fs = require('fs');
const { newViewerConnection } = require('./werift-viewer.js');

const config = JSON.parse(process.argv[2]);
const seconds = Number(config.seconds || 4);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const START = Buffer.from([0, 0, 0, 1]);

(async () => {
  const result = { ok: false };
  let pc = null;
  try {
    pc = newViewerConnection();
    const video = { packets: 0, firstNalType: null, seqGaps: 0, lastSeq: null, markers: 0, timestamps: new Set(), duplicates: 0 };
    // A packet the gateway sent again for a NACK that reached us anyway arrives twice: counted once (its marker too).
    const seen = new Set();
    const chunks = [];
    let audioPackets = 0;
    const vt = pc.addTransceiver('video', { direction: 'recvonly' });
    const at = pc.addTransceiver('audio', { direction: 'recvonly' });
    vt.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => {
      if (seen.has(rtp.header.sequenceNumber)) { video.duplicates++; return; }
      seen.add(rtp.header.sequenceNumber);
      const p = rtp.payload;
      const type = p[0] & 0x1f;
      if (video.firstNalType === null) video.firstNalType = type === 28 ? p[1] & 0x1f : type;
      if (video.lastSeq !== null && rtp.header.sequenceNumber !== ((video.lastSeq + 1) & 0xffff)) video.seqGaps++;
      video.lastSeq = rtp.header.sequenceNumber;
      video.packets++;
      if (rtp.header.marker) video.markers++;
      video.timestamps.add(rtp.header.timestamp);
      if (type === 28) {
        if (p[1] & 0x80) chunks.push(START, Buffer.from([(p[0] & 0xe0) | (p[1] & 0x1f)]));
        chunks.push(p.subarray(2));
      } else if (type >= 1 && type <= 23) {
        chunks.push(START, p);
      }
    }));
    at.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => { audioPackets++; }));
    await pc.setLocalDescription(await pc.createOffer());
    for (let i = 0; i < 100 && pc.iceGatheringState !== 'complete'; i++) await sleep(50);
    const response = await fetch(new URL(config.whepUrl, config.baseUrl), {
      method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp,
    });
    result.status = response.status;
    result.audioHeader = response.headers.get('stagecast-whep-audio');
    const answer = await response.text();
    if (response.status !== 201) throw new Error(`WHEP answered ${response.status}: ${answer}`);
    const location = new URL(response.headers.get('Location'), config.baseUrl);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });

    const deadline = Date.now() + 60000;
    while (Date.now() < deadline && video.packets === 0) await sleep(100);
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) await sleep(100);
    result.deleteStatus = (await fetch(location, { method: 'DELETE' })).status;
    fs.writeFileSync(config.out, Buffer.concat(chunks));
    result.video = { ...video, timestamps: video.timestamps.size };
    result.audioPackets = audioPackets;
    Object.assign(result, { ok: true, reason: 'measured' });
  } catch (e) {
    result.reason = String((e && e.stack) || e);
  } finally {
    if (pc) await pc.close().catch(() => {});
  }
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 2);
})();

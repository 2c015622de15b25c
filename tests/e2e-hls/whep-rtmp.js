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
    const video = { packets: 0, firstNalType: null, seqGaps: 0, reordered: 0, lastSeq: null, markers: 0, timestamps: new Set(), duplicates: 0 };
    // Packets by extended sequence number: a packet the gateway resent for a NACK arrives after later ones (counted
    // in `reordered`) and goes back in its place when the file is written, as a receiver's jitter buffer puts it; one
    // that arrives twice is counted once (its marker too). `seqGaps` counts the holes left in the sequence at the end.
    const received = new Map();
    let highest = null;
    const chunks = [];
    let audioPackets = 0;
    const vt = pc.addTransceiver('video', { direction: 'recvonly' });
    const at = pc.addTransceiver('audio', { direction: 'recvonly' });
    vt.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => {
      const seq = rtp.header.sequenceNumber;
      // Extend the 16-bit number around the highest one so far (RFC 3550 A.1).
      const ext = highest === null ? seq : highest + ((((seq - highest) & 0xffff) ^ 0x8000) - 0x8000);
      if (received.has(ext)) { video.duplicates++; return; }
      if (highest !== null && ext < highest) video.reordered++;
      highest = highest === null ? ext : Math.max(highest, ext);
      const p = rtp.payload;
      received.set(ext, p);
      const type = p[0] & 0x1f;
      if (video.firstNalType === null) video.firstNalType = type === 28 ? p[1] & 0x1f : type;
      video.lastSeq = seq;
      video.packets++;
      if (rtp.header.marker) video.markers++;
      video.timestamps.add(rtp.header.timestamp);
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
    let previous = null;
    for (const ext of [...received.keys()].sort((a, b) => a - b)) {
      if (previous !== null && ext !== previous + 1) video.seqGaps++;
      previous = ext;
      const p = received.get(ext);
      const type = p[0] & 0x1f;
      if (type === 28) {
        if (p[1] & 0x80) chunks.push(START, Buffer.from([(p[0] & 0xe0) | (p[1] & 0x1f)]));
        chunks.push(p.subarray(2));
      } else if (type >= 1 && type <= 23) {
        chunks.push(START, p);
      }
    }
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

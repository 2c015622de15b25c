// The werift peer connection both WHEP viewer scripts use (whep-werift.js, whep-rtmp.js): recvonly H.264
// (packetization-mode 1, NACK and PLI) and Opus, as a browser offers them.
const { RTCPeerConnection, RTCRtpCodecParameters } = require('werift');

exports.newViewerConnection = () => new RTCPeerConnection({
  codecs: {
    video: [new RTCRtpCodecParameters({
      mimeType: 'video/H264', clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
      parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    })],
    audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
  },
});

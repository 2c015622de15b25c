namespace Stagecast.Media.Whep;

/// <summary>
/// Receives a room's publisher RTP as the <see cref="RoomRtpRelay"/> gets it (decrypted, publisher numbering), to carry
/// it to another gateway's relay. Called on the ingest's receive thread: copy and return, never block.
/// </summary>
public interface IRelayTap
{
    void OnPacket(bool video, ReadOnlySpan<byte> packet);
}

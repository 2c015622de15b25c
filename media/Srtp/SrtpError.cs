namespace Stagecast.Media.Srtp;

/// <summary>Why a packet was not accepted.</summary>
public enum SrtpError
{
    None,
    TooShort,
    AuthenticationFailed,
    Replayed,
}

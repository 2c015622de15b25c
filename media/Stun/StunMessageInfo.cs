namespace Stagecast.Media.Stun;

/// <summary>Where the interesting attributes of one parsed STUN message lie (offsets into the message).</summary>
public struct StunMessageInfo
{
    public ushort Type;
    public int Length;
    public int UsernameOffset;
    public int UsernameLength;
    public int MessageIntegrityOffset;
    public int FingerprintOffset;
    public int XorMappedAddressOffset;
    public int XorMappedAddressLength;
    public bool UseCandidate;
    public bool IceControlling;
    public bool IceControlled;
    public uint Priority;
    public bool HasUnknownRequired;
}

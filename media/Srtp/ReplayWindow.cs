namespace Stagecast.Media.Srtp;

/// <summary>
/// Sliding replay window over packet indices (RFC 3711 §3.3.2). 1024 wide rather than the minimum 64,
/// because retransmissions answering NACK come back late with their original index.
/// </summary>
public sealed class ReplayWindow
{
    public const int Size = 1024;
    private readonly ulong[] _bits = new ulong[Size / 64];
    private long _highest = -1;

    /// <summary>True when <paramref name="index"/> has not been seen and is not too old. Does not record it.</summary>
    public bool Check(long index)
    {
        if (index > _highest)
        {
            return true;
        }
        long delta = _highest - index;
        if (delta >= Size)
        {
            return false;
        }
        int pos = (int)(index % Size);
        return (_bits[pos >> 6] & (1UL << (pos & 63))) == 0;
    }

    /// <summary>Records an authenticated index.</summary>
    public void Accept(long index)
    {
        if (index > _highest)
        {
            long advance = _highest < 0 ? Size : index - _highest;
            if (advance >= Size)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (long i = _highest + 1; i < index; i++)
                {
                    int p = (int)(i % Size);
                    _bits[p >> 6] &= ~(1UL << (p & 63));
                }
            }
            _highest = index;
        }
        int pos = (int)(index % Size);
        _bits[pos >> 6] |= 1UL << (pos & 63);
    }
}

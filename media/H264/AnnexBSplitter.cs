namespace Stagecast.Media.H264;

/// <summary>Splits an Annex-B byte stream into pictures at access unit delimiters (NAL type 9).</summary>
internal sealed class AnnexBSplitter
{
    private byte[] _buffer = new byte[256 * 1024];
    private int _length;
    private int _scan;
    private int _nalStart = -1;
    private List<ReadOnlyMemory<byte>> _picture = [];

    public List<List<ReadOnlyMemory<byte>>> Push(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + data.Length));
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;

        var pictures = new List<List<ReadOnlyMemory<byte>>>();
        while (_scan + 3 <= _length)
        {
            if (_buffer[_scan] == 0 && _buffer[_scan + 1] == 0 && _buffer[_scan + 2] == 1)
            {
                if (_nalStart >= 0) EndNal(TrimZeros(_nalStart, _scan), pictures);
                _scan += 3;
                _nalStart = _scan;
            }
            else
            {
                _scan++;
            }
        }

        Compact();
        return pictures;
    }

    public List<List<ReadOnlyMemory<byte>>> Finish()
    {
        var pictures = new List<List<ReadOnlyMemory<byte>>>();
        if (_nalStart >= 0 && _nalStart < _length) EndNal(_length, pictures);
        if (_picture.Count > 0) pictures.Add(_picture);
        _picture = [];
        return pictures;
    }

    // A 4-byte start code's leading zero belongs to no NAL unit.
    private int TrimZeros(int start, int end)
    {
        while (end > start && _buffer[end - 1] == 0) end--;
        return end;
    }

    private void EndNal(int end, List<List<ReadOnlyMemory<byte>>> pictures)
    {
        if (end <= _nalStart) return;
        var nal = _buffer.AsSpan(_nalStart, end - _nalStart).ToArray();
        if ((nal[0] & 0x1F) == 9 && _picture.Count > 0)
        {
            pictures.Add(_picture);
            _picture = [];
        }

        _picture.Add(nal);
    }

    private void Compact()
    {
        // Keep only the NAL unit still being received.
        var keep = _nalStart >= 0 ? _nalStart : Math.Max(0, _scan);
        if (keep == 0) return;
        Buffer.BlockCopy(_buffer, keep, _buffer, 0, _length - keep);
        _length -= keep;
        _scan -= keep;
        if (_nalStart >= 0) _nalStart -= keep;
    }
}

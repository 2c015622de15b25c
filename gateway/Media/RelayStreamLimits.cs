using System.Net;
using Stagecast.Media.Whip;

namespace Stagecast.Gateway.Media;

/// <summary>
/// The connection limits of the relay's ingest side (<see cref="WhepRelayEndpoints"/>), as the RTMP listener has them:
/// at most <see cref="IngestOptions.MaxRelayStreams"/> streams at once, and <see cref="IngestOptions.MaxRelayStreamsPerAddress"/>
/// from one address (IPv4-mapped IPv6 counts as the IPv4 address). A stream holds its <see cref="Lease"/> until it ends.
/// </summary>
public sealed class RelayStreamLimits(IngestOptions options)
{
    private readonly Dictionary<IPAddress, int> _perAddress = new();
    private readonly Lock _gate = new();
    private int _total;
    private long _refused;

    /// <summary>Relay streams being served now.</summary>
    public int ActiveStreams
    {
        get
        {
            lock (_gate) return _total;
        }
    }

    /// <summary>Streams refused because a limit was reached, since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Takes a slot for a stream from <paramref name="remote"/>; the lease gives it back when disposed.</summary>
    public RelayAdmission TryAcquire(IPAddress? remote, out Lease? lease)
    {
        var address = remote is null ? IPAddress.None : remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        lock (_gate)
        {
            var count = _perAddress.GetValueOrDefault(address);
            var admission = _total >= options.MaxRelayStreams ? RelayAdmission.Full
                : count >= options.MaxRelayStreamsPerAddress ? RelayAdmission.AddressFull
                : RelayAdmission.Admitted;
            if (admission != RelayAdmission.Admitted)
            {
                Interlocked.Increment(ref _refused);
                lease = null;
                return admission;
            }

            _perAddress[address] = count + 1;
            _total++;
        }

        lease = new Lease(this, address);
        return RelayAdmission.Admitted;
    }

    private void Release(IPAddress address)
    {
        lock (_gate)
        {
            var count = _perAddress.GetValueOrDefault(address);
            if (count <= 1) _perAddress.Remove(address);
            else _perAddress[address] = count - 1;
            _total--;
        }
    }

    /// <summary>One stream's slot; disposing it more than once gives it back once.</summary>
    public sealed class Lease(RelayStreamLimits limits, IPAddress address) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) limits.Release(address);
        }
    }
}

/// <summary>Whether <see cref="RelayStreamLimits.TryAcquire"/> admitted a stream, or which limit refused it.</summary>
public enum RelayAdmission
{
    Admitted,

    /// <summary>The gateway serves <see cref="IngestOptions.MaxRelayStreams"/> already.</summary>
    Full,

    /// <summary>The address has <see cref="IngestOptions.MaxRelayStreamsPerAddress"/> open already.</summary>
    AddressFull,
}

using System.Net;

namespace Stagecast.Media.Net;

/// <summary>
/// A total and a per-address limit on connections (or streams) held at once, as every network listener here needs:
/// the RTMP listener's connections and the WHEP relay's streams. The limits are read on each attempt, so a changed
/// setting applies to the next one; IPv4-mapped IPv6 counts as the IPv4 address. A connection holds its
/// <see cref="Lease"/> until it ends.
/// </summary>
public class ConnectionLimiter(Func<int> maxTotal, Func<int> maxPerAddress)
{
    private readonly Dictionary<IPAddress, int> _perAddress = new();
    private readonly Lock _gate = new();
    private int _total;
    private long _refused;

    /// <summary>Connections held now.</summary>
    public int Active
    {
        get
        {
            lock (_gate) return _total;
        }
    }

    /// <summary>Attempts refused because a limit was reached, since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The address a peer is counted under: IPv4-mapped IPv6 as IPv4, none as <see cref="IPAddress.None"/>.</summary>
    public static IPAddress AddressOf(IPAddress? remote) => remote is null ? IPAddress.None : remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;

    /// <summary>Takes a slot for a connection from <paramref name="remote"/>; the lease gives it back when disposed.</summary>
    public ConnectionAdmission TryAcquire(IPAddress? remote, out Lease? lease)
    {
        var address = AddressOf(remote);
        lock (_gate)
        {
            var count = _perAddress.GetValueOrDefault(address);
            var admission = _total >= maxTotal() ? ConnectionAdmission.Full
                : count >= maxPerAddress() ? ConnectionAdmission.AddressFull
                : ConnectionAdmission.Admitted;
            if (admission != ConnectionAdmission.Admitted)
            {
                Interlocked.Increment(ref _refused);
                lease = null;
                return admission;
            }

            _perAddress[address] = count + 1;
            _total++;
        }

        lease = new Lease(this, address);
        return ConnectionAdmission.Admitted;
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

    /// <summary>One connection's slot; disposing it more than once gives it back once.</summary>
    public sealed class Lease(ConnectionLimiter limiter, IPAddress address) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) limiter.Release(address);
        }
    }
}

/// <summary>Whether <see cref="ConnectionLimiter.TryAcquire"/> admitted a connection, or which limit refused it.</summary>
public enum ConnectionAdmission
{
    Admitted,

    /// <summary>The total limit is reached.</summary>
    Full,

    /// <summary>The peer's address has as many as one address may.</summary>
    AddressFull,
}

using Stagecast.TestInfrastructure;

namespace Stagecast.Cluster.Tests;

/// <summary>
/// The tests give each process they start ports from <see cref="FreePort"/>: a port handed out twice put two silos of
/// ColdStartTests on one address, and one declared the other dead.
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void A_port_is_handed_out_once_per_test_process()
    {
        var tcp = Enumerable.Range(0, 3000).Select(_ => FreePort.Tcp()).ToList();
        var udp = Enumerable.Range(0, 3000).Select(_ => FreePort.Udp()).ToList();
        Assert.Equal(tcp.Count, tcp.Distinct().Count());
        Assert.Equal(udp.Count, udp.Distinct().Count());
    }
}

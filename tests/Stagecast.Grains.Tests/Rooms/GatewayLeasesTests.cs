using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Rooms;

namespace Stagecast.Grains.Tests.Rooms;

public sealed class GatewayLeasesTests
{
    private sealed class Observer(bool fail) : IRoomObserver
    {
        public List<RoomBatch> Batches { get; } = [];

        public Task OnBatch(RoomBatch batch)
        {
            if (fail)
            {
                throw new InvalidOperationException("gateway gone");
            }
            Batches.Add(batch);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void Viewers_are_summed_over_live_leases_and_a_silent_gateway_expires()
    {
        var leases = new GatewayLeases();
        leases.Report("g1", new Observer(false), 10, 0);
        leases.Report("g2", new Observer(false), 5, 10_000);
        Assert.Equal(15, leases.Viewers());
        Assert.Empty(leases.Expire(14_999));
        Assert.Equal(["g1"], leases.Expire(15_000));
        Assert.Equal(5, leases.Viewers());
        leases.Report("g2", new Observer(false), 0, 11_000);
        Assert.Equal(0, leases.Count);
    }

    [Fact]
    public void A_failing_gateway_is_reported_and_the_others_still_get_the_batch()
    {
        var leases = new GatewayLeases();
        var good = new Observer(false);
        leases.Report("bad", new Observer(true), 1, 0);
        leases.Report("good", good, 1, 0);
        var failed = new List<string>();
        var batch = new RoomBatch("r", 0, [], [], [], [], 1, null, null, false);

        leases.Send(batch, (gatewayId, _) => failed.Add(gatewayId));

        Assert.Equal(["bad"], failed);
        Assert.Same(batch, Assert.Single(good.Batches));
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1_000, 50)]
    [InlineData(4_000, 200)]
    [InlineData(10_000, 500)]
    [InlineData(100_000, 500)]
    public void The_batch_window_grows_with_the_audience(int viewers, int windowMs) =>
        Assert.Equal(windowMs, RoomSchedule.BatchWindowMs(viewers));
}

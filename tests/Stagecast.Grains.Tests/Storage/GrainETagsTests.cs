using Orleans.Storage;
using Stagecast.Grains.Storage;

namespace Stagecast.Grains.Tests.Storage;

public sealed class GrainETagsTests
{
    [Fact]
    public void A_version_round_trips_through_its_etag()
    {
        Assert.Equal("42", GrainETags.Of(42));
        Assert.Equal(42, GrainETags.Version(GrainETags.Of(42)));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("W/\"1\"")]
    [InlineData("")]
    public void An_etag_this_storage_did_not_write_is_a_conflict(string etag) =>
        Assert.Throws<InconsistentStateException>(() => GrainETags.Version(etag));
}

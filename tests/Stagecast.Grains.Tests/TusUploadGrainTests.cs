using Stagecast.Contracts.Videos;

namespace Stagecast.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TusUploadGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_HEAD_fixes_the_offset_against_a_broken_PATCH_that_commits_after_it()
    {
        // The suite's race (Videos TusTests): a PATCH broke, the client asked where to resume (HEAD), then the broken
        // request committed what it had received, moving the offset under the client's next PATCH, which got 409.
        var upload = fixture.Cluster.GrainFactory.GetGrain<ITusUploadGrain>(Guid.NewGuid().ToString("N"));
        await upload.Create(new TusUploadInfo("owner", 1000, "caption", DateTimeOffset.UtcNow));
        var first = await upload.Begin(0);
        Assert.Equal(400L, await upload.Commit(first.Lease!.Value, 400));

        var broken = await upload.Begin(400);
        Assert.NotNull(broken.Lease);
        var resumeAt = (await upload.Resume())!.Offset;
        Assert.Null(await upload.Commit(broken.Lease!.Value, 300)); // its bytes are dropped, not committed
        Assert.Equal(400, resumeAt);

        var resumed = await upload.Begin(resumeAt);
        Assert.NotNull(resumed.Lease);
        Assert.Equal(1000L, await upload.Commit(resumed.Lease!.Value, 600));
        Assert.Equal(2, (await upload.Get())!.Chunks.Count);
    }
}

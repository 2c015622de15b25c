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

    [Fact]
    public async Task An_upload_expires_a_lifetime_after_its_last_stored_PATCH()
    {
        var upload = fixture.Cluster.GrainFactory.GetGrain<ITusUploadGrain>(Guid.NewGuid().ToString("N"));
        var before = DateTimeOffset.UtcNow;
        var created = await upload.Create(new TusUploadInfo("owner", 1000, "caption", before));
        Assert.InRange(created.ExpiresAt, before.AddHours(24), DateTimeOffset.UtcNow.AddHours(24));

        var patch = await upload.Begin(0);
        await upload.Commit(patch.Lease!.Value, 100);
        var moved = (await upload.Get())!.ExpiresAt;
        Assert.True(moved > created.ExpiresAt, "the stored PATCH moves the expiry");
        Assert.Equal(moved, (await upload.Get())!.ExpiresAt);

        // An empty PATCH stores nothing and does not move it.
        var empty = await upload.Begin(100);
        await upload.Commit(empty.Lease!.Value, 0);
        Assert.Equal(moved, (await upload.Get())!.ExpiresAt);
        await upload.Delete();
        Assert.Null(await upload.Get());
    }
}

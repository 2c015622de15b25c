using Stagecast.Contracts.Accounts;

namespace Stagecast.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Create_then_profile_has_the_given_names()
    {
        var id = NewId();
        var user = Grains.GetGrain<IUserGrain>(id);
        Assert.Null(await user.GetProfile());

        Assert.True(await user.Create("Alice_1", "Alice", "hash"));
        var profile = await user.GetProfile();

        Assert.NotNull(profile);
        Assert.Equal(id, profile.UserId);
        Assert.Equal("Alice_1", profile.Username);
        Assert.Equal("Alice", profile.DisplayName);
        Assert.Equal(0, profile.Followers);
        Assert.Equal("hash", (await user.GetCredentials())!.PasswordHash);
    }

    [Fact]
    public async Task Create_twice_is_idempotent_for_the_same_name_and_refused_for_another()
    {
        var user = Grains.GetGrain<IUserGrain>(NewId());
        Assert.True(await user.Create("bob", "Bob", "h1"));
        Assert.True(await user.Create("bob", "Bob", "h2"));
        Assert.False(await user.Create("carol", "Carol", "h3"));
        Assert.Equal("h1", (await user.GetCredentials())!.PasswordHash);
    }

    [Fact]
    public async Task Profile_update_changes_only_given_fields_and_empty_clears()
    {
        var user = Grains.GetGrain<IUserGrain>(NewId());
        await user.Create("dora", "Dora", "h");
        await user.UpdateProfile(new ProfileUpdate(null, "https://example.org/a.png", "hello"));
        var updated = await user.UpdateProfile(new ProfileUpdate("Dora D", null, ""));

        Assert.Equal("Dora D", updated.DisplayName);
        Assert.Equal("https://example.org/a.png", updated.AvatarUrl);
        Assert.Null(updated.Bio);
    }

    [Fact]
    public async Task Follow_updates_both_sides_and_is_idempotent()
    {
        var (a, b, c) = (NewId(), NewId(), NewId());
        await Grains.GetGrain<IUserGrain>(a).Create("fa" + a[..6], "A", "h");
        await Grains.GetGrain<IUserGrain>(b).Create("fb" + b[..6], "B", "h");
        await Grains.GetGrain<IUserGrain>(c).Create("fc" + c[..6], "C", "h");

        await Grains.GetGrain<IUserGrain>(a).Follow(b);
        await Grains.GetGrain<IUserGrain>(a).Follow(b);
        await Grains.GetGrain<IUserGrain>(c).Follow(b);

        var followers = await Grains.GetGrain<IUserGrain>(b).GetFollowers(0, 10);
        Assert.Equal([c, a], followers);
        Assert.Equal(2, (await Grains.GetGrain<IUserGrain>(b).GetProfile())!.Followers);
        Assert.Equal([b], await Grains.GetGrain<IUserGrain>(a).GetFollowing(0, 10));

        await Grains.GetGrain<IUserGrain>(a).Unfollow(b);
        Assert.Equal([c], await Grains.GetGrain<IUserGrain>(b).GetFollowers(0, 10));
        Assert.Empty(await Grains.GetGrain<IUserGrain>(a).GetFollowing(0, 10));
    }

    [Fact]
    public async Task Following_an_unknown_user_or_oneself_is_refused()
    {
        var a = NewId();
        await Grains.GetGrain<IUserGrain>(a).Create("fx" + a[..6], "A", "h");
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Grains.GetGrain<IUserGrain>(a).Follow(NewId()));
        await Assert.ThrowsAsync<ArgumentException>(() => Grains.GetGrain<IUserGrain>(a).Follow(a));
    }

    [Fact]
    public async Task Username_claims_are_exclusive_under_concurrency()
    {
        var name = Grains.GetGrain<IUsernameGrain>("race" + NewId()[..8]);
        var ids = Enumerable.Range(0, 20).Select(_ => NewId()).ToArray();

        var owners = await Task.WhenAll(ids.Select(name.Claim));

        var winner = Assert.Single(owners.Distinct());
        Assert.Contains(winner, ids);
        Assert.Null(await name.Resolve());
        await name.Confirm(winner);
        Assert.Equal(winner, await name.Resolve());
        await Assert.ThrowsAsync<InvalidOperationException>(() => name.Confirm(ids.First(i => i != winner)));
    }

    [Fact]
    public async Task State_survives_deactivation_on_a_two_silo_cluster()
    {
        Assert.Equal(2, fixture.Cluster.GetActiveSilos().Count());
        var id = NewId();
        await Grains.GetGrain<IUserGrain>(id).Create("deact" + id[..6], "Before", "h");
        await Grains.GetGrain<IUserGrain>(id).UpdateProfile(new ProfileUpdate("After", null, null));

        // Deactivate every grain everywhere, prove this one is gone, then read from storage again.
        var management = Grains.GetGrain<IManagementGrain>(0);
        var grainId = Grains.GetGrain<IUserGrain>(id).GetGrainId();
        async Task<bool> IsActive() => (await management.GetDetailedGrainStatistics()).Any(s => s.GrainId == grainId);
        Assert.True(await IsActive());
        await management.ForceActivationCollection(TimeSpan.Zero);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await IsActive() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.False(await IsActive(), "the user grain was not deactivated");

        Assert.Equal("After", (await Grains.GetGrain<IUserGrain>(id).GetProfile())!.DisplayName);
        Assert.True(await IsActive());
    }
}

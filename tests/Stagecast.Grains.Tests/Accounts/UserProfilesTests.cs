using Stagecast.Contracts.Accounts;
using Stagecast.Grains.Accounts;

namespace Stagecast.Grains.Tests.Accounts;

public sealed class UserProfilesTests
{
    [Fact]
    public void An_edit_keeps_null_fields_and_clears_an_empty_avatar_or_bio()
    {
        var s = new UserState { Username = "alice", DisplayName = "Alice", AvatarUrl = "https://a/1.png", Bio = "hi" };
        var renamed = UserProfiles.Updated(s, new ProfileUpdate("Al", null, null));
        Assert.Equal(("Al", "https://a/1.png", "hi"), (renamed.DisplayName, renamed.AvatarUrl, renamed.Bio));
        var cleared = UserProfiles.Updated(s, new ProfileUpdate(null, "", ""));
        Assert.Equal(("Alice", (string?)null, (string?)null), (cleared.DisplayName, cleared.AvatarUrl, cleared.Bio));
    }

    [Fact]
    public void A_follow_page_is_newest_first_and_bounded()
    {
        var s = new UserState { Username = "alice", Followers = ["a", "b", "c"], Following = ["x"] };
        Assert.Equal(["c", "b"], UserProfiles.Page(s.Followers, 0, 2));
        Assert.Equal(["a"], UserProfiles.Page(s.Followers, 2, 10));
        Assert.Equal(["c", "b", "a"], UserProfiles.Page(s.Followers, -5, 10));
        Assert.Empty(UserProfiles.Page(s.Followers, 0, -1));
        var profile = UserProfiles.Profile("u1", s);
        Assert.Equal(("u1", "alice", 3, 1), (profile.UserId, profile.Username, profile.Followers, profile.Following));
    }
}

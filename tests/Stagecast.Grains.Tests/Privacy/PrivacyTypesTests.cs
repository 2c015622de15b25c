using Stagecast.Grains.Accounts;
using Stagecast.Grains.Privacy;

namespace Stagecast.Grains.Tests.Privacy;

/// <summary>The plain types behind export and deletion: playlist walking for the export's renditions, the erased user state.</summary>
public sealed class PrivacyTypesTests
{
    [Fact]
    public void Media_lines_and_uri_attributes_are_found_and_resolved_against_the_playlists_folder()
    {
        const string variant = """
            #EXTM3U
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:2.0,
            seg0.ts?v=1

            #EXT-X-ENDLIST
            """;
        var uris = PlaylistUris.Of(variant).Select(u => PlaylistUris.Resolve("hls/360p/index.m3u8", u)).ToArray();
        Assert.Equal(["hls/360p/init.mp4", "hls/360p/seg0.ts"], uris);
        Assert.Equal("hls/360p/index.m3u8", PlaylistUris.Resolve("hls/index.m3u8", "360p/index.m3u8"));
        Assert.Empty(PlaylistUris.Of(null));
    }

    [Fact]
    public void An_erased_account_keeps_only_a_bumped_session_version()
    {
        var s = new UserState { Username = "alice", DisplayName = "Alice", PasswordHash = "h", Bio = "hi", Followers = ["a"], SessionVersion = 4 };
        var erased = UserProfiles.Erased(s);
        Assert.Equal(5, erased.SessionVersion);
        Assert.Null(erased.Username);
        Assert.Null(erased.PasswordHash);
        Assert.Empty(erased.Followers);
        Assert.Null(erased.Bio);
        Assert.Equal("", erased.DisplayName);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Stagecast.Contracts.Rooms;
using Stagecast.Grains.Ledger;
using Stagecast.Grains.Storage;
using Stagecast.TestInfrastructure;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// Issue 14: a deletion that dies after the ledger was pseudonymised is finished by the platform on its own, and one
/// the user repeats names the account by one tombstone everywhere. A fault is injected at the seam right after the
/// ledger step (the first board rewrite fails). Then either nobody acts (before the retry, the board named the user
/// forever) or the user signs in again and repeats <c>DELETE /api/me</c> (before the fix the repeat chose a fresh
/// tombstone, so the room's board named a different <c>deleted-…</c> id than the ledger).
/// </summary>
public sealed partial class DeletionRetryTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_deletion_repeated_after_a_fault_past_the_ledger_uses_the_tombstone_already_in_the_ledger()
    {
        var cut = await CutOffPastTheLedgerAsync("retry", "deletion repeated", new() { ["Stagecast:Economy:HoldWindow"] = "00:00:00" });
        await using var host = cut.Host;
        using var anonymous = host.CreateClient();
        // Cut off right after the ledger step: the board still names the user.
        Assert.Contains(await BoardAsync(anonymous, cut.RoomId), r => r.UserId == cut.UserId);

        // The user signs in again (the first attempt revoked the sessions) and repeats the deletion.
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = cut.Username, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using (var again = host.CreateClient((await login.JsonAsync()).GetProperty("token").GetString()))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await again.SendAsync(DeleteMe())).StatusCode);
        }

        Assert.Equal([cut.Tombstone], await LedgerTombstonesAsync(host, cut.UserId));
        var row = Assert.Single(await BoardAsync(anonymous, cut.RoomId));
        Assert.Equal(cut.Tombstone, row.UserId);
        Assert.Equal("Deleted user", row.DisplayName);
        Assert.Equal(70, row.Coins);
        await WalletKit.AssertLedgerHoldsAsync(host.Grains());
    }

    [Fact]
    public async Task A_deletion_cut_off_past_the_ledger_is_finished_by_the_platform_without_the_user_repeating_it()
    {
        var cut = await CutOffPastTheLedgerAsync("leave", "deletion finished by the platform", new()
        {
            ["Stagecast:Economy:HoldWindow"] = "00:00:00",
            ["Stagecast:Privacy:DeletionRetry"] = "00:00:01",
        });
        await using var host = cut.Host;
        using var anonymous = host.CreateClient();

        // Nobody repeats it: the account's grain finishes the deletion by itself, with the tombstone the ledger holds.
        var row = (await Poll.UntilAsync(() => BoardAsync(anonymous, cut.RoomId), b => b.All(r => r.UserId != cut.UserId),
            "the platform finishes the deletion", timeoutSeconds: 30)).Single();
        Assert.Equal(cut.Tombstone, row.UserId);
        Assert.Equal("Deleted user", row.DisplayName);
        Assert.Equal(70, row.Coins);
        await Poll.UntilAsync(async () => (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = cut.Username, password = Password })).StatusCode,
            s => s == HttpStatusCode.Unauthorized, "the profile is erased");
        var reuse = await anonymous.PostAsJsonAsync("/api/auth/register", new { username = cut.Username, password = Password });
        Assert.Equal(HttpStatusCode.Conflict, reuse.StatusCode);
        Assert.Equal([cut.Tombstone], await LedgerTombstonesAsync(host, cut.UserId));
        await WalletKit.AssertLedgerHoldsAsync(host.Grains());
    }

    /// <summary>A gifter's deletion, and the ledger's one tombstone for it, cut off right after the ledger step.</summary>
    private sealed record CutOffDeletion(GatewayHost Host, string Username, string UserId, string RoomId, string Tombstone);

    /// <summary>
    /// A gifter gives all 70 coins in a room, then deletes the account while the first board rewrite fails: the first
    /// <c>DELETE /api/me</c> answers 500 and the ledger names only a tombstone.
    /// </summary>
    private static async Task<CutOffDeletion> CutOffPastTheLedgerAsync(string namePrefix, string title, Dictionary<string, string?> settings)
    {
        var fault = new FailOnce();
        var host = await GatewayHost.StartEmbeddedAsync(settings: settings, configure: b => b.Services.AddSingleton<IOutgoingGrainCallFilter>(fault));
        try
        {
            var senderName = namePrefix + Guid.NewGuid().ToString("N")[..8];
            var (senderId, senderToken) = await host.RegisterAsync(senderName, Password);
            var room = await host.OpenRoomAsync(title);
            await WalletKit.FundAsync(host.Grains(), senderId, "coins-70");
            await using (var sender = await ConnectAsync(host, senderToken))
            {
                await sender.InvokeAsync<JsonElement>("JoinRoom", room.RoomId);
                await sender.InvokeAsync<JsonElement>("SendGift", room.RoomId, "finger-heart", 14, "all-my-coins");
            }
            using var anonymous = host.CreateClient();
            await Poll.UntilAsync(() => BoardAsync(anonymous, room.RoomId), b => b.Any(r => r.UserId == senderId), "the board names the gifter");

            fault.Arm(nameof(ILiveRoomGrain.Pseudonymise));
            using (var first = host.CreateClient(senderToken))
            {
                Assert.Equal(HttpStatusCode.InternalServerError, (await first.SendAsync(DeleteMe())).StatusCode);
            }
            Assert.True(fault.Fired, "the fault was injected");
            var inLedger = Assert.Single(await LedgerTombstonesAsync(host, senderId));
            return new CutOffDeletion(host, senderName, senderId, room.RoomId, inLedger);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static HttpRequestMessage DeleteMe() =>
        new(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = Password }) };

    private static async Task<TopGifter[]> BoardAsync(HttpClient client, string roomId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/live/{roomId}")).GetProperty("topGifters").Deserialize<TopGifter[]>(JsonSerializerOptions.Web)!;

    /// <summary>The distinct tombstone ids in every ledger column that can name a user; fails if any row still names <paramref name="userId"/>.</summary>
    private static async Task<string[]> LedgerTombstonesAsync(GatewayHost host, string userId)
    {
        await using var connection = await host.Services.GetRequiredService<IRelationalDatabase>().OpenAsync();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (table, column) in PseudonymiseCommand.Columns.Where(c => !c.Table.StartsWith("ledger_sub", StringComparison.Ordinal)))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {column} FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var value = reader.IsDBNull(0) ? "" : reader.GetValue(0).ToString()!;
                Assert.DoesNotContain(userId, value);
                foreach (Match match in Tombstone().Matches(value))
                {
                    found.Add(match.Value);
                }
            }
        }
        return found.ToArray();
    }

    [GeneratedRegex("deleted-[0-9a-f]{32}")]
    private static partial Regex Tombstone();

    private static async Task<HubConnection> ConnectAsync(GatewayHost host, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Once armed, the next grain call to the named method fails before it is sent; every other call passes.</summary>
    private sealed class FailOnce : IOutgoingGrainCallFilter
    {
        private string? _armed;

        public bool Fired { get; private set; }

        public void Arm(string method) => Volatile.Write(ref _armed, method);

        public Task Invoke(IOutgoingGrainCallContext context)
        {
            // Disarmed by swapping out the very string armed (CompareExchange compares references).
            if (Volatile.Read(ref _armed) is { } armed && context.InterfaceMethod?.Name == armed
                && ReferenceEquals(Interlocked.CompareExchange(ref _armed, null, armed), armed))
            {
                Fired = true;
                throw new IOException("Injected fault: the deletion is cut off after the ledger step.");
            }
            return context.Invoke();
        }
    }
}

using System.Collections.Concurrent;
using Stagecast.Contracts.Wallet;

namespace Stagecast.Wallet.Tests;

/// <summary>
/// Many senders gifting at once (most of it to one hot creator) while purchases and refunds interleave. It keeps,
/// per sender, what was credited, reversed and acknowledged as spent, so the end state can be checked exactly.
/// </summary>
public sealed class LoadScenario(IGrainFactory grains, int senders, int giftsPerSender, string tag)
{
    private static readonly string[] Gifts = ["rose", "finger-heart", "rose", "finger-heart", "hand-hearts"];

    public string HotCreator { get; } = $"hot-{tag}";

    public string[] Senders { get; } = Enumerable.Range(0, senders).Select(i => $"sender-{tag}-{i}").ToArray();

    public ConcurrentDictionary<string, long> Credited { get; } = new();

    public ConcurrentDictionary<string, long> Reversed { get; } = new();

    public ConcurrentDictionary<string, long> Spent { get; } = new();

    public ConcurrentDictionary<string, GiftReceipt> Acknowledged { get; } = new();

    /// <summary>How calls are retried when a silo dies (default: not at all). A retried call repeats the same ids.</summary>
    public Func<Func<Task<object>>, Task<object>> Retry { get; set; } = call => call();

    public async Task FundAsync()
    {
        await Task.WhenAll(Senders.Select(async s =>
        {
            await WalletKit.FundAsync(grains, s, "coins-3500");
            Credited.AddOrUpdate(s, 3500, (_, v) => v + 3500);
        }));
    }

    /// <summary>Sends every gift; <paramref name="send"/> may retry the same order (it must return the final receipt).</summary>
    public async Task RunAsync(Func<IWalletGrain, GiftOrder, Task<GiftReceipt>>? send = null)
    {
        send ??= (wallet, order) => wallet.SendGift(order);
        await Task.WhenAll(Senders.Select((s, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            var wallet = grains.GetGrain<IWalletGrain>(s);
            for (var g = 0; g < giftsPerSender; g++)
            {
                if (g == giftsPerSender / 3 && i % 4 == 0)
                {
                    // A purchase mid-run, and for some senders its refund a little later.
                    // A retried event finds its first application recorded (NoChange): it counts once either way.
                    var ticket = (PurchaseTicket)await Retry(async () => (await wallet.StartPurchase("coins-350"))!);
                    var paid = new PaymentSignal("paid:" + ticket.PurchaseId, PaymentSignalKind.Paid, ticket.PurchaseId, null, null, "test.paid");
                    Assert.Contains((PaymentOutcome)await Retry(async () => await grains.GetGrain<IPaymentsGrain>(0).Apply(paid)), new[] { PaymentOutcome.Credited, PaymentOutcome.NoChange });
                    Credited.AddOrUpdate(s, 350, (_, v) => v + 350);
                    if (i % 8 == 0)
                    {
                        var refund = paid with { EventId = "refund:" + ticket.PurchaseId, Kind = PaymentSignalKind.Reversed };
                        Assert.Contains((PaymentOutcome)await Retry(async () => await grains.GetGrain<IPaymentsGrain>(0).Apply(refund)), new[] { PaymentOutcome.Reversed, PaymentOutcome.NoChange });
                        Reversed.AddOrUpdate(s, 350, (_, v) => v + 350);
                    }
                }
                var recipient = random.Next(10) < 8 ? HotCreator : $"creator-{tag}-{random.Next(5)}";
                var order = new GiftOrder("room-" + recipient, recipient, Gifts[random.Next(Gifts.Length)], random.Next(1, 4), $"{s}-{g}");
                var receipt = await send(wallet, order);
                if (receipt.Status is GiftStatus.Sent or GiftStatus.Repeated)
                {
                    Assert.True(Acknowledged.TryAdd(order.RequestId, receipt), $"{order.RequestId} acknowledged twice");
                    Spent.AddOrUpdate(s, receipt.Cost, (_, v) => v + receipt.Cost);
                }
                else
                {
                    Assert.True(receipt.Status is GiftStatus.InsufficientCoins or GiftStatus.WalletNegative, $"unexpected {receipt.Status}");
                }
            }
        })));
    }

    /// <summary>Each sender's balance is exactly credited - reversed - acknowledged spending.</summary>
    public async Task AssertBalancesAsync()
    {
        foreach (var s in Senders)
        {
            var summary = await grains.GetGrain<IWalletGrain>(s).GetSummary();
            Assert.Equal(Credited.GetValueOrDefault(s) - Reversed.GetValueOrDefault(s) - Spent.GetValueOrDefault(s), summary.Coins);
        }
    }
}

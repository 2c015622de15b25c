using Stagecast.Contracts.Wallet;
using static Stagecast.Wallet.Tests.Workload.MoneyModel;

namespace Stagecast.Wallet.Tests.Workload;

/// <summary>
/// One buyer of the workload, one operation at a time: buys packs (the paid signal sometimes delivered twice), gifts
/// (sometimes retried with the same id), and has its purchases partly refunded, disputed and lost, or disputed and
/// won. An operation cut off by a fault stays pending and is retried with the same ids until it is answered; only
/// answers change the model. Every answer is checked against the model as it comes.
/// </summary>
public sealed class MoneyClient(Buyer buyer, string[] creators, Random random) : IMoneyActor
{
    private static readonly (string Pack, long Coins, long Price)[] Packs = [("coins-70", 70, 99), ("coins-350", 350, 499), ("coins-700", 700, 999)];
    private static readonly (string Gift, long Coins)[] GiftKinds = [("rose", 1), ("finger-heart", 5), ("hand-hearts", 100)];
    private Func<IGrainFactory, Task>? _pending;
    private int _seq;

    public Buyer Buyer => buyer;

    public int Answered { get; private set; }

    /// <summary>Runs the pending operation (a retry with its first ids) or a new random one.</summary>
    public async Task StepAsync(IGrainFactory grains)
    {
        _pending ??= Next();
        await _pending(grains);
        _pending = null;
        Answered++;
    }

    private Func<IGrainFactory, Task> Next()
    {
        var id = $"{buyer.Id}-{_seq++}";
        var roll = random.Next(100);
        var paid = buyer.Purchases;
        return roll switch
        {
            < 20 => Buy(Packs[random.Next(Packs.Length)], id, twice: random.Next(4) == 0),
            < 30 when paid.Count > 0 && Pick(p => p.TakenCents < p.Price) is { } p => Refund(p, id, Math.Min(p.Price - p.Refunded, 1 + random.Next((int)p.Price / 3))),
            < 36 when Pick(p => !p.HasDispute && p.TakenCents < p.Price) is { } p => Dispute(p, id, won: false),
            < 40 when Pick(p => !p.HasDispute && p.TakenCents < p.Price) is { } p => Dispute(p, id, won: true),
            _ => Gift(GiftKinds[random.Next(GiftKinds.Length)], creators[random.Next(creators.Length)], id, random.Next(10) == 0),
        };
    }

    private Purchase? Pick(Func<Purchase, bool> where)
    {
        var candidates = buyer.Purchases.Where(where).ToArray();
        return candidates.Length == 0 ? null : candidates[random.Next(candidates.Length)];
    }

    private Func<IGrainFactory, Task> Buy((string Pack, long Coins, long Price) pack, string id, bool twice)
    {
        PurchaseTicket? ticket = null;
        var attempts = 0;
        return async grains =>
        {
            attempts++;
            ticket ??= await grains.GetGrain<IWalletGrain>(buyer.Id).StartPurchase(pack.Pack) ?? throw new InvalidOperationException("unknown pack");
            var signal = new PaymentSignal("paid:" + id, PaymentSignalKind.Paid, ticket.PurchaseId, null, "pi_" + ticket.PurchaseId, "workload.paid");
            var outcome = await grains.GetGrain<IPaymentsGrain>(0).Apply(signal);
            // NoChange only for a retry whose first delivery was applied before the fault.
            Assert.True(outcome == PaymentOutcome.Credited || attempts > 1 && outcome == PaymentOutcome.NoChange, $"{id}: paid gave {outcome} (attempt {attempts})");
            if (twice)
            {
                Assert.Equal(PaymentOutcome.NoChange, await grains.GetGrain<IPaymentsGrain>(0).Apply(signal));
            }
            buyer.Purchases.Add(new Purchase(ticket.PurchaseId, pack.Coins, pack.Price));
            buyer.Log.Add($"{id} bought {pack.Coins} ({outcome}): net {buyer.Net}");
        };
    }

    private Func<IGrainFactory, Task> Refund(Purchase purchase, string id, long cents)
    {
        var refunded = purchase.Refunded + cents;
        return async grains =>
        {
            var outcome = await grains.GetGrain<IPaymentsGrain>(0).Apply(new PaymentSignal("refund:" + id, PaymentSignalKind.Refunded, purchase.Id, null, null,
                "charge.refunded", AmountCents: purchase.Price, RefundedCents: refunded));
            Assert.Contains(outcome, new[] { PaymentOutcome.Reversed, PaymentOutcome.NoChange, PaymentOutcome.Recorded });
            purchase.Refunded = refunded;
            buyer.Log.Add($"{id} refund {purchase.Id} to {refunded}/{purchase.Price} ({outcome}): net {buyer.Net}");
        };
    }

    /// <summary>A dispute of what is not refunded yet: lost (the cents stay withdrawn, the fee is kept) or won (withdrawn, then reinstated).</summary>
    private Func<IGrainFactory, Task> Dispute(Purchase purchase, string id, bool won)
    {
        var amount = purchase.Price - purchase.TakenCents;
        var withdrawal = new DisputeFunds("txn-w-" + id, -amount, 1500);
        return async grains =>
        {
            purchase.HasDispute = true;
            var payments = grains.GetGrain<IPaymentsGrain>(0);
            PaymentSignal Signal(string evt, string status, params DisputeFunds[] funds) =>
                new(evt, PaymentSignalKind.Disputed, purchase.Id, null, null, "charge.dispute.updated", AmountCents: amount, ReferenceId: "dp-" + id, DisputeStatus: status, Funds: funds);
            Assert.Contains(await payments.Apply(Signal("dispute:" + id, won ? "needs_response" : "lost", withdrawal)), new[] { PaymentOutcome.Reversed, PaymentOutcome.NoChange });
            purchase.Disputed = amount;
            if (won)
            {
                var back = await payments.Apply(Signal("dispute-won:" + id, "won", withdrawal, new DisputeFunds("txn-r-" + id, amount, -1500)));
                Assert.Contains(back, new[] { PaymentOutcome.Recredited, PaymentOutcome.NoChange });
                purchase.Disputed = 0;
            }
            buyer.Log.Add($"{id} dispute {purchase.Id} {amount}/{purchase.Price} won={won}: net {buyer.Net}");
        };
    }

    private Func<IGrainFactory, Task> Gift((string Gift, long Coins) gift, string creator, string id, bool retry)
    {
        var before = buyer.Net;
        return async grains =>
        {
            var wallet = grains.GetGrain<IWalletGrain>(buyer.Id);
            var order = new GiftOrder("room-" + creator, creator, gift.Gift, 1, id);
            var receipt = await wallet.SendGift(order);
            if (receipt.Status is GiftStatus.Sent or GiftStatus.Repeated)
            {
                // The receipt's balance is what the model says after this gift (a repeat: the first answer's).
                Assert.True(before >= gift.Coins, $"{id}: sent with {before} coins in the model");
                Assert.True(before - gift.Coins == receipt.Coins, $"{id}: {receipt.Status} with {receipt.Coins} coins, model {before} - {gift.Coins}\n{buyer.History}");
                if (retry)
                {
                    Assert.Equal(receipt.Coins, (await wallet.SendGift(order)).Coins);
                }
                // Counted once all of the operation's calls were answered: a fault during the retry re-runs it all.
                buyer.Spent += gift.Coins;
                buyer.Gifts++;
                buyer.Log.Add($"{id} gift {gift.Coins}: {receipt.Status} {receipt.Coins}");
            }
            else
            {
                buyer.Log.Add($"{id} gift {gift.Coins}: {receipt.Status} {receipt.Coins}");
                Assert.Equal(before < 0 ? GiftStatus.WalletNegative : GiftStatus.InsufficientCoins, receipt.Status);
                Assert.True(before < gift.Coins, $"{id}: refused ({receipt.Status}) with {before} coins in the model");
            }
        };
    }
}

namespace Stagecast.Grains.Wallet;

/// <summary>A cash-out's transfer progress: who and where to pay, attempts so far, when to try next, and whether Stripe has answered definitely.</summary>
[GenerateSerializer, Alias("Stagecast.CashoutGrainState")]
public sealed record CashoutGrainState
{
    [Id(0)] public string? UserId { get; init; }

    [Id(1)] public string? AccountId { get; init; }

    [Id(2)] public int Attempts { get; init; }

    [Id(3)] public DateTimeOffset? NextAttemptAt { get; init; }

    [Id(4)] public bool Done { get; init; }

    [Id(5)] public long Diamonds { get; init; }

    /// <summary>Not sent while the creator's account is suspended or banned (see <see cref="CashoutHold"/>).</summary>
    [Id(25)] public bool Held { get; init; }
}

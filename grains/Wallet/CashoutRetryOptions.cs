using Microsoft.Extensions.Configuration;

namespace Stagecast.Grains.Wallet;

/// <summary>
/// How cash-out transfers are tried ("Stagecast:Stripe"): the request timeout, and the retry backoff while the outcome
/// is unknown (first delay doubling up to a cap). The durable reminder that survives restarts ticks every
/// <see cref="ReminderPeriod"/> (Orleans' minimum is one minute); a grain timer makes the shorter waits.
/// </summary>
public sealed record CashoutRetryOptions(TimeSpan TransferTimeout, TimeSpan FirstRetry, TimeSpan MaxRetry, TimeSpan ReminderPeriod)
{
    public static CashoutRetryOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Stagecast:Stripe");
        TimeSpan Read(string key, TimeSpan fallback) =>
            TimeSpan.TryParse(section[key], System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value : fallback;
        var first = Read("TransferRetryFirst", TimeSpan.FromSeconds(10));
        return new CashoutRetryOptions(
            Read("TransferTimeout", TimeSpan.FromSeconds(5)),
            first,
            Read("TransferRetryMax", TimeSpan.FromHours(1)) is var max && max >= first ? max : first,
            TimeSpan.FromMinutes(1));
    }

    /// <summary>The wait after the given number of attempts without a definite answer.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var delay = FirstRetry;
        for (var i = 1; i < attempts && delay < MaxRetry; i++)
        {
            delay += delay;
        }
        return delay < MaxRetry ? delay : MaxRetry;
    }
}

using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Stagecast.Rooms.Load;

/// <summary>
/// Sends 1-coin roses at a steady rate, alternating between the two rooms, round-robin over the senders, with at
/// most 4 calls in flight per sender (beyond that the rate falls behind rather than queueing without bound).
/// Each acknowledgement goes into its side's <see cref="AckLog"/>.
/// </summary>
public sealed class Gifting(HubConnection[] senders, string[] rooms, AckLog[] logs, Func<long> now)
{
    private const int InFlightPerSender = 4;
    private long _acknowledged;
    private long _refused;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Refused => Interlocked.Read(ref _refused);

    public async Task RunAsync(double rate, CancellationToken stop)
    {
        var slots = senders.Length * InFlightPerSender;
        using var inFlight = new SemaphoreSlim(slots);
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var clock = Stopwatch.StartNew();
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            // Read the clock once: between a check and a second read the wait can turn negative, which Task.Delay refuses.
            var wait = interval * n - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, CancellationToken.None);
            }
            await inFlight.WaitAsync(CancellationToken.None);
            var side = (int)(n % 2);
            _ = SendAsync(senders[(int)(n / 2 % senders.Length)], side, n).ContinueWith(_ => inFlight.Release(), TaskScheduler.Default);
        }
        for (var i = 0; i < slots; i++)
        {
            await inFlight.WaitAsync(CancellationToken.None);
        }
    }

    private async Task SendAsync(HubConnection sender, int side, long n)
    {
        try
        {
            await sender.InvokeAsync("SendGift", rooms[side], "rose", 1, $"match-bench-{n}");
            logs[side].Add(now(), 1);
            Interlocked.Increment(ref _acknowledged);
        }
        catch (Exception exception)
        {
            if (Interlocked.Increment(ref _refused) <= 3)
            {
                Console.WriteLine($"gift refused: {exception.Message}");
            }
        }
    }
}

using System.Collections.Concurrent;
using Stagecast.Contracts.Rooms;
using Stagecast.Gateway.Operations;

namespace Stagecast.Gateway.Gifts;

/// <summary>
/// Publishes paid gifts to their rooms, coalesced: the gifts this gateway collected for a room during one short
/// window go to the room grain in one <see cref="ILiveRoomGrain.PublishGifts"/> call, in the order they were paid.
/// It belongs to the gateway, not to a connection, so a paid gift is published even if its sender disconnected;
/// on shutdown what is queued is sent before the gateway stops. The room drops request ids it has seen, so a
/// client's retry (which publishes again) cannot show a gift twice.
/// </summary>
public sealed class GiftPublisher(IGrainFactory grains, LiveMetrics metrics, ILogger<GiftPublisher> logger) : BackgroundService
{
    /// <summary>How long gifts gather before one call per room carries them.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    private const int MaxPerCall = 4096;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<GiftEvent>> _rooms = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private int _pending;

    /// <summary>Queues a paid gift for its room; returns at once.</summary>
    public void Publish(GiftEvent gift)
    {
        metrics.GiftAcknowledged(gift.Coins);
        _rooms.GetOrAdd(gift.RoomId, _ => new ConcurrentQueue<GiftEvent>()).Enqueue(gift);
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _signal.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken);
                await Task.Delay(Window, stoppingToken);
                Volatile.Write(ref _pending, 0);
                await DrainAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Gifts paid before shutdown are still published.
        await DrainAsync();
    }

    private async Task DrainAsync()
    {
        var calls = new List<Task>();
        foreach (var (roomId, queue) in _rooms)
        {
            // Idle rooms are forgotten; a gift racing with the removal lands in a fresh queue or is sent here.
            if (queue.IsEmpty && (!_rooms.TryRemove(new KeyValuePair<string, ConcurrentQueue<GiftEvent>>(roomId, queue)) || queue.IsEmpty))
            {
                continue;
            }
            calls.Add(SendInOrderAsync(queue, gifts => SendAsync(roomId, gifts)));
        }
        await Task.WhenAll(calls);
    }

    /// <summary>
    /// Sends a room's queued gifts one batch after another: a batch is taken only once the one before it was
    /// answered. Rooms go in parallel. It stops once it sent as many gifts as were queued when it began, so a busy
    /// room cannot hold up the next round for the others; what came in meanwhile goes with the next round (its
    /// <see cref="Publish"/> signalled one). (Before, every batch found in the queue was sent at once, so a gift queued while
    /// the first call was being made went in a second call beside it, which could reach the room first: its combo
    /// then counted the earlier gift, seen as combos [2, 3] instead of [1, 3] in a suite run.)
    /// </summary>
    public static async Task SendInOrderAsync(ConcurrentQueue<GiftEvent> queue, Func<List<GiftEvent>, Task> send)
    {
        var queued = queue.Count;
        for (var sent = 0; sent < queued && !queue.IsEmpty;)
        {
            var gifts = Take(queue);
            sent += gifts.Count;
            await send(gifts);
        }
    }

    private static List<GiftEvent> Take(ConcurrentQueue<GiftEvent> queue)
    {
        var gifts = new List<GiftEvent>(Math.Min(queue.Count, MaxPerCall));
        while (gifts.Count < MaxPerCall && queue.TryDequeue(out var gift))
        {
            gifts.Add(gift);
        }
        return gifts;
    }

    private async Task SendAsync(string roomId, List<GiftEvent> gifts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<ILiveRoomGrain>(roomId).PublishGifts(gifts);
                return;
            }
            catch (Exception ex) when (attempt < 3)
            {
                logger.LogInformation(ex, "Publishing {Count} gifts to {RoomId} failed (attempt {Attempt}); retrying", gifts.Count, roomId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (Exception ex)
            {
                // The gifts are paid and durable; a client's retry with the same request id publishes again.
                logger.LogWarning(ex, "{Count} paid gifts not published to {RoomId}", gifts.Count, roomId);
                return;
            }
        }
    }
}

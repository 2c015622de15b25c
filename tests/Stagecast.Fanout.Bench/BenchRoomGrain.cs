using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Orleans.BroadcastChannel;
using Orleans.Streams;

namespace Stagecast.Fanout.Bench;

public sealed class BenchRoomGrain : Grain, IBenchRoomGrain
{
    private readonly List<IBatchObserver> _observers = [];
    private readonly List<IBroadcastChannelWriter<BenchBatch>> _channels = [];
    private IAsyncStream<BenchBatch>? _stream;
    private IGrainTimer? _timer;
    private Delivery _delivery;
    private int _comments;
    private long _sequence;

    public Task Subscribe(IBatchObserver observer)
    {
        _observers.Add(observer);
        return Task.CompletedTask;
    }

    public Task Start(Delivery delivery, int subscribers, int intervalMs, int comments)
    {
        _delivery = delivery;
        _comments = comments;
        var roomId = this.GetPrimaryKeyString();
        if (delivery == Delivery.Streams)
        {
            _stream = this.GetStreamProvider(BenchNames.Streams).GetStream<BenchBatch>(StreamId.Create(BenchNames.Namespace, roomId));
        }
        if (delivery == Delivery.Broadcast)
        {
            var provider = ServiceProvider.GetRequiredKeyedService<IBroadcastChannelProvider>(BenchNames.Channels);
            for (var i = 0; i < subscribers; i++)
            {
                _channels.Add(provider.GetChannelWriter<BenchBatch>(ChannelId.Create(BenchNames.Namespace, BenchNames.RelayKey(roomId, i))));
            }
        }
        var period = TimeSpan.FromMilliseconds(intervalMs);
        // Rooms start at random offsets within the interval, like real rooms' windows.
        _timer = this.RegisterGrainTimer(Emit, TimeSpan.FromMilliseconds(Random.Shared.Next(intervalMs)), period);
        return Task.CompletedTask;
    }

    public Task Stop()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    private async Task Emit(CancellationToken ct)
    {
        var roomId = this.GetPrimaryKeyString();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var comments = new BenchComment[_comments];
        for (var i = 0; i < comments.Length; i++)
        {
            var id = _sequence * 1000 + i;
            comments[i] = new BenchComment(id, "u" + (id % 997), "Viewer " + (id % 997), "load comment number " + id, now);
        }
        var batch = new BenchBatch(roomId, _sequence++, Stopwatch.GetTimestamp(), comments);
        switch (_delivery)
        {
            case Delivery.Observers:
                foreach (var observer in _observers)
                {
                    _ = observer.OnBatch(batch);
                }
                break;
            case Delivery.Streams:
                await _stream!.OnNextAsync(batch);
                break;
            case Delivery.Broadcast:
                await Task.WhenAll(_channels.Select(c => c.Publish(batch)));
                break;
        }
    }
}

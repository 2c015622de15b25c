using System.Threading.Channels;

namespace Stagecast.Media.Hls;

/// <summary>
/// Writes a session's init segments, segments and, at the end, its VOD playlist to
/// {RecordingDirectory}/{roomId}/{sessionId}/. File I/O runs on one background task so that the
/// ingest thread that feeds the packager never waits on the disk.
/// </summary>
internal sealed class HlsRecorder
{
    private readonly Channel<(string Name, byte[] Data)> _queue =
        Channel.CreateUnbounded<(string, byte[])>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public HlsRecorder(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Completion = Task.Run(DrainAsync);
    }

    public string Directory { get; }

    /// <summary>Completes once every queued file is on disk (after <see cref="Complete"/>).</summary>
    public Task Completion { get; }

    public void Write(string name, byte[] data) => _queue.Writer.TryWrite((name, data));

    public void Complete() => _queue.Writer.TryComplete();

    private async Task DrainAsync()
    {
        await foreach (var (name, data) in _queue.Reader.ReadAllAsync())
        {
            try
            {
                // Write then rename: a reader never sees half a playlist or segment.
                var path = Path.Combine(Directory, name);
                var temp = path + ".tmp";
                await File.WriteAllBytesAsync(temp, data);
                File.Move(temp, path, overwrite: true);
            }
            catch (IOException)
            {
                // A full or failing disk loses the replay, never the live.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

using System.Threading.Channels;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// One watcher's live feed: the events of its key range, in revision order, as the writer commits them.
/// Bounded: when full the broadcaster ends it with <see cref="StorageErrorCode.Unavailable"/>.
/// Disposing it unsubscribes.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly WatchBroadcaster _owner;
    private readonly Channel<WatchEvent> _channel;

    public WatchSubscription(WatchBroadcaster owner, KeyBounds bounds, int capacity, bool putPrevValues)
    {
        _owner = owner;
        Bounds = bounds;
        PutPrevValues = putPrevValues;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public KeyBounds Bounds { get; }

    /// <summary>Whether the watcher wants the previous value in Put events (<see cref="WatchRequest.PutPrevValues"/>).</summary>
    public bool PutPrevValues { get; }

    /// <summary>Counted by the broadcaster as wanting previous values (guarded by its lock).</summary>
    internal bool Counted { get; set; }

    public ChannelReader<WatchEvent> Reader => _channel.Reader;

    internal ChannelWriter<WatchEvent> Writer => _channel.Writer;

    public void Dispose() => _owner.Unsubscribe(this);
}

using System.Threading.Channels;
using Google.Protobuf;

namespace KubeSharp.Storage.Etcd;

/// <summary>One <see cref="IKeyValueStore.WatchAsync"/> call's state in the <see cref="EtcdWatchHub"/>:
/// its etcd watcher id, where to resume from, and the bounded buffer of events for its consumer.</summary>
internal sealed class EtcdWatcher
{
    public EtcdWatcher(WatchRequest request, int capacity)
    {
        Request = request;
        Key = ByteString.CopyFromUtf8(request.Key);
        RangeEnd = request.RangeEnd is null ? ByteString.Empty : ByteString.CopyFromUtf8(request.RangeEnd);
        NextRevision = request.StartRevision;
        Capacity = capacity;
        Events = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public WatchRequest Request { get; }

    public ByteString Key { get; }

    public ByteString RangeEnd { get; }

    public int Capacity { get; }

    /// <summary>The id on the watch stream (unique for the hub's lifetime). Set under the hub's lock.</summary>
    public long Id { get; set; }

    /// <summary>The stream the create request went out on (resent on another after a reconnect). Hub lock.</summary>
    public object? SentOn { get; set; }

    /// <summary>The first revision not yet delivered: where a re-created watcher starts; 0 while unknown
    /// ("now"). Only the hub's reader touches it after registration.</summary>
    public long NextRevision { get; set; }

    /// <summary>Events for the consumer; completed (with an exception or not) when the watch ends.</summary>
    public Channel<WatchEvent> Events { get; }
}

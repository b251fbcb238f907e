using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Client.Cache;

namespace KubeSharp.Client.Tests.Unit;

/// <summary>A scripted lister-watcher: lists answer from a queue (or the current state), each watch is a channel the
/// test writes events (or errors) into. Records every call's parameters.</summary>
internal sealed class FakeListerWatcher : IListerWatcher<ConfigMap>
{
    private readonly Lock _lock = new();
    private readonly Queue<Func<ListParams, ResourceList<ConfigMap>>> _lists = new();
    private Channel<Func<WatchEvent<ConfigMap>>>? _watch;

    public List<ListParams> ListCalls { get; } = [];

    public List<ListParams> WatchCalls { get; } = [];

    /// <summary>Answers lists with no script left: this state at this version.</summary>
    public Func<ListParams, ResourceList<ConfigMap>>? DefaultList { get; set; }

    public static ConfigMap Cm(string name, string rv, string ns = "ns", Dictionary<string, string>? labels = null, string value = "")
        => new()
        {
            Kind = "ConfigMap",
            ApiVersion = "v1",
            Metadata = new ObjectMeta { Name = name, Namespace = ns, ResourceVersion = rv, Labels = labels },
            Data = value.Length == 0 ? null : new() { ["k"] = value },
        };

    public void EnqueueList(string rv, params ConfigMap[] items) => EnqueueList(_ => new ResourceList<ConfigMap>(items, rv, ""));

    public void EnqueueList(Func<ListParams, ResourceList<ConfigMap>> answer)
    {
        lock (_lock)
        {
            _lists.Enqueue(answer);
        }
    }

    public void EnqueueListError(Exception error) => EnqueueList(_ => throw error);

    public int WatchCount
    {
        get
        {
            lock (_lock)
            {
                return WatchCalls.Count;
            }
        }
    }

    public int ListCount
    {
        get
        {
            lock (_lock)
            {
                return ListCalls.Count;
            }
        }
    }

    /// <summary>Sends an event on the open watch.</summary>
    public void Send(WatchEventType type, ConfigMap obj) => Current().Writer.TryWrite(() => new WatchEvent<ConfigMap>(type, obj)).ShouldBeTrue();

    /// <summary>Makes the open watch fail with an error.</summary>
    public void Fail(Exception error) => Current().Writer.TryWrite(() => throw error).ShouldBeTrue();

    /// <summary>Ends the open watch normally (as a server timeout does).</summary>
    public void End() => Current().Writer.TryComplete();

    private Channel<Func<WatchEvent<ConfigMap>>> Current()
    {
        lock (_lock)
        {
            return _watch ?? throw new InvalidOperationException("no watch is open");
        }
    }

    public Task<ResourceList<ConfigMap>> ListAsync(ListParams parameters, CancellationToken cancellationToken)
    {
        Func<ListParams, ResourceList<ConfigMap>>? answer;
        lock (_lock)
        {
            ListCalls.Add(parameters);
            _lists.TryDequeue(out answer);
        }
        answer ??= DefaultList ?? throw new InvalidOperationException("no list scripted");
        return Task.FromResult(answer(parameters));
    }

    public async IAsyncEnumerable<WatchEvent<ConfigMap>> WatchAsync(ListParams parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<Func<WatchEvent<ConfigMap>>>();
        lock (_lock)
        {
            WatchCalls.Add(parameters);
            _watch = channel;
        }
        await foreach (var next in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return next();
        }
    }

    /// <summary>Waits until the watch count reaches <paramref name="count"/>.</summary>
    public Task WaitForWatchAsync(int count) => Integration.Clients.EventuallyAsync(() => WatchCount >= count, $"watch #{count}");
}

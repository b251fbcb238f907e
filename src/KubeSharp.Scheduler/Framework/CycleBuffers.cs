using KubeSharp.Api.Core.V1;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// The per-attempt buffers of one <see cref="PodScheduler"/> (the scheduling loop is one thread): the filter pass's
/// feasible slots and failure statuses, the feasible list, the score totals and the per-plugin scores. They grow to
/// the cluster's size once and are reused, so a scheduling attempt allocates no per-node arrays. Every slot read in an
/// attempt is written earlier in the same attempt (totals are zeroed, failure slots are cleared as they are read, or
/// wholesale when an attempt ends early).
/// </summary>
internal sealed class CycleBuffers
{
    private long[] _totals = [];

    public List<NodeInfo> Feasible { get; } = [];

    public FilterPass Filter { get; } = new();

    public ScoreBuffers Scores { get; } = new();

    /// <summary>A zeroed totals buffer of at least <paramref name="count"/> entries.</summary>
    public long[] Totals(int count)
    {
        if (_totals.Length < count)
        {
            _totals = new long[count];
        }
        else
        {
            Array.Clear(_totals, 0, count);
        }

        return _totals;
    }
}

/// <summary>Per-plugin score rows reused across attempts (each row at least as long as the nodes scored).</summary>
internal sealed class ScoreBuffers
{
    private NodeScore[][] _rows = [];
    private int[] _active = [];

    /// <summary>The score loop (its work delegate is created once).</summary>
    public ScorePass Pass { get; } = new();

    /// <summary>The indexes of this attempt's active score plugins (a reused array, possibly longer).</summary>
    public int[] Active(ReadOnlySpan<int> active)
    {
        if (_active.Length < active.Length)
        {
            _active = new int[active.Length];
        }

        active.CopyTo(_active);
        return _active;
    }

    /// <summary>Rows for <paramref name="plugins"/> plugins with at least <paramref name="count"/> entries each.</summary>
    public NodeScore[][] Rows(int plugins, int count)
    {
        if (_rows.Length < plugins)
        {
            Array.Resize(ref _rows, plugins);
        }

        for (var k = 0; k < plugins; k++)
        {
            if (_rows[k] is null || _rows[k].Length < count)
            {
                _rows[k] = new NodeScore[count];
            }
        }

        return _rows;
    }
}

/// <summary>
/// The filter loop of one attempt (upstream's <c>checkNode</c> closure) as a reusable object: its work delegate is
/// created once, the feasible slots and failure statuses are indexed like the nodes visited.
/// </summary>
internal sealed class FilterPass
{
    // How many nodes ahead the loop asks the CPU to fetch a node info's parts (NodeInfo.PrefetchParts), and twice as
    // far ahead the node info itself (NodeInfo.Prefetch): the visit is a walk over a few hundred objects spread over
    // the heap, each read costs a cache miss otherwise.
    internal const int PrefetchDistance = 6;

    private SchedulerFramework? _framework;
    private CycleState? _state;
    private Pod? _pod;
    private IReadOnlyList<NodeInfo> _nodes = [];
    private List<NodeInfo>? _nodeList;
    private IFilterPlugin[] _active = [];
    private int _start;
    private int _numAllNodes;
    private int _numNodesToFind;
    private int _feasibleCount;

    public FilterPass() => Work = Check;

    /// <summary>Runs the filters on the i-th node from the start index.</summary>
    public Action<int> Work { get; }

    /// <summary>This attempt's stop flag (a fresh one per attempt: a helper of an earlier attempt still holds its own).</summary>
    public StopFlag Stop { get; private set; } = new();

    public NodeInfo?[] Slots { get; private set; } = [];

    public Status?[] Failed { get; private set; } = [];

    public Status? Error { get; private set; }

    public int FeasibleCount => Volatile.Read(ref _feasibleCount);

    public void Begin(SchedulerFramework framework, CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, IFilterPlugin[] active, int start, int numNodesToFind)
    {
        _framework = framework;
        _state = state;
        _pod = pod;
        _nodes = nodes;
        _nodeList = nodes as List<NodeInfo>;
        _active = active;
        _start = start;
        _numAllNodes = nodes.Count;
        _numNodesToFind = numNodesToFind;
        _feasibleCount = 0;
        Error = null;
        Stop = new StopFlag();
        if (Slots.Length < numNodesToFind)
        {
            Slots = new NodeInfo?[numNodesToFind];
        }

        if (Failed.Length < _numAllNodes)
        {
            Failed = new Status?[_numAllNodes];
        }
    }

    /// <summary>Ends the attempt: clears the failure slots unless the caller consumed (and cleared) them, drops references.</summary>
    public void End(bool failuresConsumed)
    {
        if (!failuresConsumed)
        {
            Array.Clear(Failed, 0, Math.Min(_numAllNodes, Failed.Length));
        }

        Array.Clear(Slots, 0, Math.Min(FeasibleCount, Slots.Length));
        _framework = null;
        _state = null;
        _pod = null;
        _nodes = [];
        _nodeList = null;
        _active = [];
        Error = null;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Check(int i)
    {
        // The snapshot's node list is a List (no interface call per node); a PreFilter subset may be any list.
        if (_nodeList is { } list)
        {
            if (i + (2 * PrefetchDistance) < _numAllNodes)
            {
                NodeInfo.Prefetch(list[(_start + i + (2 * PrefetchDistance)) % _numAllNodes]);
            }

            if (i + PrefetchDistance < _numAllNodes)
            {
                NodeInfo.PrefetchParts(list[(_start + i + PrefetchDistance) % _numAllNodes]);
            }
        }
        else
        {
            if (i + (2 * PrefetchDistance) < _numAllNodes)
            {
                NodeInfo.Prefetch(_nodes[(_start + i + (2 * PrefetchDistance)) % _numAllNodes]);
            }

            if (i + PrefetchDistance < _numAllNodes)
            {
                NodeInfo.PrefetchParts(_nodes[(_start + i + PrefetchDistance) % _numAllNodes]);
            }
        }

        var nodeInfo = _nodeList is { } nodes ? nodes[(_start + i) % _numAllNodes] : _nodes[(_start + i) % _numAllNodes];
        var status = _framework!.RunFilterPluginsWithNominatedPods(_state!, _pod!, nodeInfo, _active);
        if (status.IsSuccess)
        {
            var length = Interlocked.Increment(ref _feasibleCount);
            if (length > _numNodesToFind)
            {
                Stop.Stop();
                Interlocked.Decrement(ref _feasibleCount);
            }
            else
            {
                Slots[length - 1] = nodeInfo;
            }
        }
        else if (status.Code == StatusCode.Error)
        {
            Error = status;
            Stop.Stop();
        }
        else
        {
            Failed[i] = status;
        }
    }
}

/// <summary>
/// The score loop of one attempt (each node through the active Score plugins) as a reusable object, like
/// <see cref="FilterPass"/>: no closure or delegate per attempt.
/// </summary>
internal sealed class ScorePass
{
    private CycleState? _state;
    private Pod? _pod;
    private IReadOnlyList<NodeInfo> _nodes = [];
    private IScorePlugin[] _plugins = [];
    private int _activeCount;
    private NodeScore[][] _scores = [];
    private Status? _failure;

    public ScorePass() => Work = Score;

    /// <summary>Scores the i-th node with every active plugin.</summary>
    public Action<int> Work { get; }

    /// <summary>This attempt's stop flag (a fresh one per attempt: a helper of an earlier attempt still holds its own).</summary>
    public StopFlag Stop { get; private set; } = new();

    /// <summary>The first plugin failure (an Error status), null when every score succeeded.</summary>
    public Status? Failure => Volatile.Read(ref _failure);

    public void Begin(SchedulerFramework framework, CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, int[] active, int activeCount, NodeScore[][] scores)
    {
        _state = state;
        _pod = pod;
        _nodes = nodes;
        if (_plugins.Length < activeCount)
        {
            _plugins = new IScorePlugin[activeCount];
        }

        for (var k = 0; k < activeCount; k++)
        {
            _plugins[k] = framework.ScorePlugins[active[k]];
        }

        _activeCount = activeCount;
        _scores = scores;
        _failure = null;
        Stop = new StopFlag();
    }

    /// <summary>Drops the attempt's references.</summary>
    public void End()
    {
        _state = null;
        _pod = null;
        _nodes = [];
        _scores = [];
        Array.Clear(_plugins);
        _failure = null;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Score(int i)
    {
        var plugins = _plugins;
        // The filters visited these nodes, but not the parts only the scorers read (non-zero requested amounts), and a
        // node info far back in the visit may have left the cache since.
        if (i + FilterPass.PrefetchDistance < _nodes.Count)
        {
            NodeInfo.PrefetchParts(_nodes[i + FilterPass.PrefetchDistance]);
        }

        var node = _nodes[i];
        var name = node.Name;
        for (var k = 0; k < _activeCount; k++)
        {
            var pl = plugins[k];
            var (score, s) = pl.Score(_state!, _pod!, node);
            if (!s.IsSuccess)
            {
                Interlocked.CompareExchange(ref _failure, Status.AsError($"running Score plugin \"{pl.Name}\": {s.Message}").WithPlugin(pl.Name), null);
                Stop.Stop();
                return;
            }

            _scores[k][i] = new NodeScore(name, score);
        }
    }
}

using KubeSharp.Api.Core.V1;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>
/// The scheduling queue (upstream's <c>PriorityQueue</c> in pkg/scheduler/internal/queue): activeQ ordered by the
/// QueueSort plugin (priority, then arrival), backoffQ ordered by backoff expiry (initial doubling per attempt up to
/// max), and the unschedulable pods, moved back by cluster events and flushed after <see cref="UnschedulableTimeout"/>.
/// PreEnqueue plugins (scheduling gates) keep a pod out of activeQ until a pod update lets it in.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "upstream's name")]
public sealed class SchedulingQueue
{
    /// <summary>How long a pod may stay unschedulable before it is retried anyway (upstream's 5 minutes).</summary>
    public static readonly TimeSpan UnschedulableTimeout = TimeSpan.FromMinutes(5);

    private readonly object _lock = new();
    private readonly Func<QueuedPodInfo, QueuedPodInfo, bool> _less;
    private readonly Func<Pod, Status> _preEnqueue;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;
    private readonly SortedSet<Entry> _active;
    private readonly SortedSet<Entry> _backoff;
    private readonly Dictionary<string, Entry> _activeByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _backoffByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _unschedulable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pod?> _inFlight = new(StringComparer.Ordinal);
    private readonly List<Entry> _moving = [];
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private long _schedulingCycle;
    private long _moveRequestCycle = -1;
    private bool _closed;

    /// <summary>Creates a queue.</summary>
    public SchedulingQueue(Func<QueuedPodInfo, QueuedPodInfo, bool> less, Func<Pod, Status> preEnqueue, PodNominator nominator,
        TimeSpan initialBackoff, TimeSpan maxBackoff, TimeProvider? clock = null)
    {
        _less = less;
        _preEnqueue = preEnqueue;
        Nominator = nominator;
        _clock = clock ?? TimeProvider.System;
        _initialBackoff = initialBackoff;
        _maxBackoff = maxBackoff;
        _active = new SortedSet<Entry>(Comparer<Entry>.Create((a, b) =>
            a.Sequence == b.Sequence ? 0 : _less(a.Info, b.Info) ? -1 : _less(b.Info, a.Info) ? 1 : a.Sequence.CompareTo(b.Sequence)));
        _backoff = new SortedSet<Entry>(Comparer<Entry>.Create((a, b) =>
            a.Sequence == b.Sequence ? 0 : a.BackoffExpiry != b.BackoffExpiry ? a.BackoffExpiry.CompareTo(b.BackoffExpiry) : a.Sequence.CompareTo(b.Sequence)));
    }

    /// <summary>The pods nominated to nodes (preemption), shared with the frameworks.</summary>
    public PodNominator Nominator { get; }

    /// <summary>The number of scheduling attempts popped so far.</summary>
    public long SchedulingCycle { get { lock (_lock) { return _schedulingCycle; } } }

    /// <summary>Counts per sub-queue (active, backoff, unschedulable), for tests and logs.</summary>
    public (int Active, int Backoff, int Unschedulable) Counts { get { lock (_lock) { return (_active.Count, _backoff.Count, _unschedulable.Count); } } }

    private sealed class Entry(QueuedPodInfo info, long sequence)
    {
        public QueuedPodInfo Info { get; } = info;
        public long Sequence { get; } = sequence;
        public DateTime BackoffExpiry { get; set; }
        public bool Gated { get; set; }
        public DateTime UnschedulableSince { get; set; }
        public string Key => Info.PodInfo.Key;
    }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>A new unassigned pod (upstream's <c>Add</c>): activeQ, or unschedulable while PreEnqueue rejects it.</summary>
    public void Add(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            var info = new QueuedPodInfo(new PodInfo(pod), Now);
            RemoveEverywhere(info.PodInfo.Key);
            AddToActiveOrGated(NewEntry(info));
            if (pod.Status.NominatedNodeName.Length > 0)
            {
                Nominator.AddNominatedPod(info.PodInfo, pod.Status.NominatedNodeName);
            }
        }
    }

    /// <summary>An unassigned pod changed (upstream's <c>Update</c>).</summary>
    public void Update(Pod oldPod, Pod newPod)
    {
        ArgumentNullException.ThrowIfNull(newPod);
        lock (_lock)
        {
            var key = PodInfo.PodKey(newPod);
            if (_inFlight.ContainsKey(key))
            {
                _inFlight[key] = newPod;
                return;
            }

            Entry? old = null;
            if (_activeByKey.TryGetValue(key, out var a))
            {
                old = a;
            }
            else if (_backoffByKey.TryGetValue(key, out var b))
            {
                old = b;
            }
            else if (_unschedulable.TryGetValue(key, out var u))
            {
                old = u;
            }

            if (old is null)
            {
                AddToActiveOrGated(NewEntry(new QueuedPodInfo(new PodInfo(newPod), Now)));
                return;
            }

            var wasBackoff = _backoffByKey.ContainsKey(key);
            var wasUnschedulable = _unschedulable.ContainsKey(key);
            var wasGated = old.Gated;
            RemoveEverywhere(key);
            var info = Copy(old.Info, newPod);
            var entry = NewEntry(info);
            entry.BackoffExpiry = old.BackoffExpiry;
            entry.UnschedulableSince = old.UnschedulableSince;
            if (wasGated || !wasUnschedulable && !wasBackoff)
            {
                // A pod in activeQ stays there; a gated pod re-runs PreEnqueue.
                AddToActiveOrGated(entry);
            }
            else if (wasBackoff)
            {
                AddToBackoff(entry);
            }
            else if (SpecOrLabelsChanged(oldPod, newPod))
            {
                // An update that may make the pod schedulable moves it (upstream's isPodUpdated).
                if (entry.BackoffExpiry > Now)
                {
                    AddToBackoff(entry);
                }
                else
                {
                    AddToActiveOrGated(entry);
                }
            }
            else
            {
                _unschedulable[key] = entry;
            }
        }
    }

    /// <summary>The pod was deleted or bound by someone else.</summary>
    public void Delete(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            var key = PodInfo.PodKey(pod);
            RemoveEverywhere(key);
            if (_inFlight.ContainsKey(key))
            {
                _inFlight[key] = null;
            }

            Nominator.DeleteNominatedPodIfExists(pod);
        }
    }

    /// <summary>Waits for the next pod in activeQ (upstream's <c>Pop</c>); it counts as in flight until <see cref="Done"/>.</summary>
    public async Task<QueuedPodInfo?> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_closed)
                {
                    return null;
                }

                if (_active.Count > 0)
                {
                    var entry = _active.Min!;
                    _active.Remove(entry);
                    _activeByKey.Remove(entry.Key);
                    entry.Info.Attempts++;
                    _schedulingCycle++;
                    _inFlight[entry.Key] = entry.Info.PodInfo.Pod;
                    return entry.Info;
                }

                if (_signal.Task.IsCompleted)
                {
                    _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wait = _signal.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The scheduling attempt of a popped pod ended (bound or requeued).</summary>
    public void Done(QueuedPodInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_lock)
        {
            _inFlight.Remove(info.PodInfo.Key);
        }
    }

    /// <summary>
    /// A popped pod failed (upstream's <c>AddUnschedulableIfNotPresent</c>): to backoffQ when a move request came
    /// during its attempt (or <paramref name="toBackoff"/>, for errors), else to the unschedulable pods.
    /// </summary>
    public void AddUnschedulable(QueuedPodInfo info, long podSchedulingCycle, bool toBackoff = false)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_lock)
        {
            var key = info.PodInfo.Key;
            var latest = _inFlight.TryGetValue(key, out var p) ? p : info.PodInfo.Pod;
            _inFlight.Remove(key);
            if (latest is null || _activeByKey.ContainsKey(key) || _backoffByKey.ContainsKey(key) || _unschedulable.ContainsKey(key))
            {
                return; // deleted during the attempt, or already queued again
            }

            var entry = NewEntry(ReferenceEquals(latest, info.PodInfo.Pod) ? info : Copy(info, latest));
            entry.Info.Timestamp = Now;
            entry.BackoffExpiry = Now + BackoffDuration(entry.Info.Attempts);
            if (latest.Status.NominatedNodeName.Length > 0)
            {
                Nominator.AddNominatedPod(entry.Info.PodInfo, latest.Status.NominatedNodeName);
            }

            if (toBackoff || _moveRequestCycle >= podSchedulingCycle)
            {
                AddToBackoff(entry);
            }
            else
            {
                entry.UnschedulableSince = Now;
                _unschedulable[key] = entry;
            }
        }
    }

    /// <summary>Records a nominated node for a pod (preemption) so other pods keep off it.</summary>
    public void Nominate(PodInfo podInfo, string nodeName)
    {
        lock (_lock)
        {
            Nominator.AddNominatedPod(podInfo, nodeName);
        }
    }

    /// <summary>
    /// A cluster event that may make unschedulable pods schedulable (node added/changed, pod deleted, ...): every
    /// non-gated unschedulable pod matching <paramref name="filter"/> goes to backoffQ (still backing off) or activeQ.
    /// </summary>
    public void MoveAllToActiveOrBackoff(Func<Pod, bool>? filter = null)
    {
        lock (_lock)
        {
            // Called for every bound pod the informer delivers: with no unschedulable pods this costs nothing, and
            // only the pods that move are collected (into a reused list).
            if (_unschedulable.Count > 0)
            {
                var now = Now;
                var moving = _moving;
                foreach (var entry in _unschedulable.Values)
                {
                    if (!entry.Gated && (filter is null || filter(entry.Info.PodInfo.Pod)))
                    {
                        moving.Add(entry);
                    }
                }

                foreach (var entry in moving)
                {
                    _unschedulable.Remove(entry.Key);
                    if (entry.BackoffExpiry > now)
                    {
                        AddToBackoff(entry);
                    }
                    else
                    {
                        AddToActive(entry);
                    }
                }

                moving.Clear();
            }

            _moveRequestCycle = _schedulingCycle;
        }
    }

    /// <summary>Moves expired backoffs to activeQ and long-unschedulable pods back (the queue's periodic flushes).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            var now = Now;
            while (_backoff.Count > 0 && _backoff.Min!.BackoffExpiry <= now)
            {
                var entry = _backoff.Min!;
                _backoff.Remove(entry);
                _backoffByKey.Remove(entry.Key);
                AddToActive(entry);
            }

            var moving = _moving;
            foreach (var entry in _unschedulable.Values)
            {
                if (!entry.Gated && now - entry.UnschedulableSince > UnschedulableTimeout)
                {
                    moving.Add(entry);
                }
            }

            foreach (var entry in moving)
            {
                _unschedulable.Remove(entry.Key);
                AddToActive(entry);
            }

            moving.Clear();
        }
    }

    /// <summary>Runs <see cref="Flush"/> every second until cancelled.</summary>
    public async Task RunFlushAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Stops the queue: pending and later pops return null.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _signal.TrySetResult();
        }
    }

    /// <summary>The backoff after <paramref name="attempts"/> attempts: initial doubling per attempt, capped at max.</summary>
    public TimeSpan BackoffDuration(int attempts)
    {
        var d = _initialBackoff;
        for (var i = 1; i < attempts; i++)
        {
            d += d;
            if (d >= _maxBackoff)
            {
                return _maxBackoff;
            }
        }

        return d > _maxBackoff ? _maxBackoff : d;
    }

    private static QueuedPodInfo Copy(QueuedPodInfo old, Pod pod) => new(new PodInfo(pod), old.Timestamp)
    {
        Attempts = old.Attempts,
        InitialAttemptTimestamp = old.InitialAttemptTimestamp,
    };

    private static bool SpecOrLabelsChanged(Pod? oldPod, Pod newPod)
    {
        if (oldPod is null)
        {
            return true;
        }

        static string Strip(Pod p)
        {
            var c = p.DeepCopy();
            c.Metadata.ResourceVersion = "";
            c.Metadata.Generation = 0;
            c.Metadata.ManagedFields = null;
            c.Status = new PodStatus();
            return Api.Serialization.KubeJson.Serialize(c);
        }

        return Strip(oldPod) != Strip(newPod);
    }

    private Entry NewEntry(QueuedPodInfo info) => new(info, ++_sequence);

    private void AddToActiveOrGated(Entry entry)
    {
        var status = _preEnqueue(entry.Info.PodInfo.Pod);
        if (!status.IsSuccess)
        {
            entry.Gated = true;
            entry.UnschedulableSince = Now;
            _unschedulable[entry.Key] = entry;
            return;
        }

        entry.Gated = false;
        AddToActive(entry);
    }

    private void AddToActive(Entry entry)
    {
        var e = entry.Sequence > 0 ? NewEntryKeeping(entry) : entry;
        _active.Add(e);
        _activeByKey[e.Key] = e;
        _signal.TrySetResult();
    }

    private Entry NewEntryKeeping(Entry entry)
    {
        // A fresh sequence so an entry re-added keeps the sorted sets' ordering consistent.
        var e = NewEntry(entry.Info);
        e.BackoffExpiry = entry.BackoffExpiry;
        e.UnschedulableSince = entry.UnschedulableSince;
        e.Gated = entry.Gated;
        return e;
    }

    private void AddToBackoff(Entry entry)
    {
        var e = NewEntryKeeping(entry);
        _backoff.Add(e);
        _backoffByKey[e.Key] = e;
    }

    private void RemoveEverywhere(string key)
    {
        if (_activeByKey.Remove(key, out var a))
        {
            _active.Remove(a);
        }

        if (_backoffByKey.Remove(key, out var b))
        {
            _backoff.Remove(b);
        }

        _unschedulable.Remove(key);
    }
}

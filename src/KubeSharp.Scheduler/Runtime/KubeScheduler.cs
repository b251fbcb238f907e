using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Events;
using KubeSharp.Client.Machinery.LeaderElection;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>Options of <see cref="KubeScheduler"/> beyond the configuration file.</summary>
public sealed record KubeSchedulerOptions
{
    /// <summary>Overrides the configuration's leaderElection.leaderElect when set.</summary>
    public bool? LeaderElect { get; init; }

    /// <summary>This instance's identity in the Lease (host name + random suffix when empty).</summary>
    public string Identity { get; init; } = "";

    /// <summary>Collects phase timings when set (benchmarks).</summary>
    public SchedulerStats? Stats { get; init; }
}

/// <summary>
/// kube-scheduler: informers on pods and nodes (and PDBs) feed the <see cref="SchedulerCache"/> and the
/// <see cref="SchedulingQueue"/>; one framework per profile (schedulerName); each popped pod is scheduled on a fresh
/// snapshot, assumed in the cache and bound asynchronously through pods/binding. Failures record FailedScheduling
/// and run PostFilter (preemption: victims deleted, status.nominatedNodeName set). Leader-elected on the Lease
/// kube-system/kube-scheduler.
/// </summary>
public sealed partial class KubeScheduler
{
    private readonly KubernetesClient _client;
    private readonly KubeSchedulerConfiguration _config;
    private readonly KubeSchedulerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates a scheduler over <paramref name="client"/>.</summary>
    public KubeScheduler(KubernetesClient client, KubeSchedulerConfiguration? config = null, KubeSchedulerOptions? options = null, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
    {
        _client = client;
        _config = config ?? SchedulerConfigLoader.Default();
        _options = options ?? new KubeSchedulerOptions();
        _clock = clock ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<KubeScheduler>();
    }

    /// <summary>Whether the scheduling loop is running (this instance leads, or runs without election).</summary>
    public bool IsRunning => Volatile.Read(ref _running) != 0;

    private int _running;

    /// <summary>Runs until cancelled (with leader election: while leading).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var le = _config.LeaderElection;
        if (!(_options.LeaderElect ?? le.LeaderElect))
        {
            await RunSchedulerAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var identity = _options.Identity.Length > 0 ? _options.Identity : LeaderElector.NewIdentity();
        while (!cancellationToken.IsCancellationRequested)
        {
            var elector = new LeaderElector(new LeaderElectionConfig
            {
                Lock = new LeaseLock(_client, le.ResourceNamespace, le.ResourceName, identity),
                LeaseDuration = le.LeaseDuration,
                RenewDeadline = le.RenewDeadline,
                RetryPeriod = le.RetryPeriod,
                ReleaseOnCancel = true,
                Name = le.ResourceName,
                Clock = _clock,
                Logger = _loggerFactory.CreateLogger<LeaderElector>(),
                Callbacks = new LeaderCallbacks
                {
                    OnStartedLeading = RunSchedulerAsync,
                    OnStoppedLeading = () => LogStoppedLeading(identity),
                },
            });
            await elector.RunAsync(cancellationToken).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(le.RetryPeriod, _clock, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    private async Task RunSchedulerAsync(CancellationToken cancellationToken)
    {
        var run = new SchedulerRun(this);
        Interlocked.Increment(ref _running);
        try
        {
            await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>The Binding that assigns <paramref name="pod"/> to <paramref name="nodeName"/>.</summary>
    public static Binding NewBinding(Pod pod, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return new Binding
        {
            Metadata = new Api.Meta.V1.ObjectMeta { Name = pod.Metadata.Name, Namespace = pod.Metadata.Namespace, Uid = pod.Metadata.Uid },
            Target = new ObjectReference { Kind = "Node", Name = nodeName },
        };
    }

    /// <summary>One term of leadership: informers, cache, queue and the scheduling loop.</summary>
    private sealed class SchedulerRun(KubeScheduler owner)
    {
        private readonly SchedulerCache _cache = new();
        private readonly Snapshot _snapshot = new();
        private readonly PodScheduler _algorithm = new(owner._config.PercentageOfNodesToScore);
        private readonly Dictionary<string, SchedulerFramework> _frameworks = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IEventRecorder> _recorders = new(StringComparer.Ordinal);
        private SchedulingQueue _queue = null!;
        private Lister<Pod> _pods = null!;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var client = owner._client;
            await using var broadcaster = new EventBroadcaster(new EventBroadcasterOptions { Clock = owner._clock, Logger = owner._logger });
            using var sink = broadcaster.StartRecordingToSink(new KubeEventSink(client));
            var registry = PluginRegistry.InTree();
            var nominator = new PodNominator();
            foreach (var profile in owner._config.Profiles)
            {
                var fw = SchedulerFramework.Create(profile, registry, owner._config.Parallelism, profile.PercentageOfNodesToScore);
                fw.Binder = (pod, node, ct) => client.Resource<Pod>(pod.Metadata.Namespace).CreateSubresourceAsync(pod.Metadata.Name, "binding", NewBinding(pod, node), cancellationToken: ct);
                fw.Nominator = nominator;
                _frameworks[profile.SchedulerName] = fw;
                _recorders[profile.SchedulerName] = broadcaster.NewRecorder(profile.SchedulerName);
            }

            var first = _frameworks[owner._config.Profiles[0].SchedulerName];
            var queueSort = first.QueueSort;
            _queue = new SchedulingQueue(
                (a, b) => queueSort is null ? a.Timestamp < b.Timestamp : queueSort.Less(a, b),
                pod => _frameworks.TryGetValue(pod.Spec.SchedulerName, out var fw) ? fw.RunPreEnqueuePlugins(pod) : Status.Success,
                nominator,
                TimeSpan.FromSeconds(owner._config.PodInitialBackoffSeconds),
                TimeSpan.FromSeconds(owner._config.PodMaxBackoffSeconds),
                owner._clock);

            await using var informers = new SharedInformerFactory(client, new SharedInformerFactoryOptions
            {
                SkipManagedFields = true, // upstream's pod informer drops managedFields (NewInformerFactory's trim)
                OnError = e => owner.LogInformerError(e.Message),
            });
            var podInformer = informers.Informer<Pod>();
            _pods = podInformer.Lister;
            podInformer.AddEventHandler(OnPodAdd, OnPodUpdate, OnPodDelete);
            informers.Informer<Node>().AddEventHandler(
                (node, _) => { _cache.AddOrUpdateNode(node); _queue.MoveAllToActiveOrBackoff(); },
                (oldNode, newNode) =>
                {
                    _cache.AddOrUpdateNode(newNode);
                    if (NodeSchedulingPropertiesChanged(oldNode, newNode))
                    {
                        _queue.MoveAllToActiveOrBackoff();
                    }
                },
                (node, _) => _cache.RemoveNode(node.Metadata.Name));
            var pdbInformer = informers.Informer<PodDisruptionBudget>();
            void RefreshPdbs()
            {
                var pdbs = pdbInformer.Lister.List().ToList();
                foreach (var fw in _frameworks.Values)
                {
                    fw.PodDisruptionBudgets = pdbs;
                }
            }

            pdbInformer.AddEventHandler((_, _) => RefreshPdbs(), (_, _) => RefreshPdbs(), (_, _) => { RefreshPdbs(); _queue.MoveAllToActiveOrBackoff(); });

            // PodTopologySpread's system default constraints spread a pod by the selectors of its Services and controller.
            var spreadSelector = new DefaultSpreadSelector(
                informers.Informer<Service>().Lister, informers.Informer<ReplicationController>().Lister,
                informers.Informer<Api.Apps.V1.ReplicaSet>().Lister, informers.Informer<Api.Apps.V1.StatefulSet>().Lister);
            foreach (var fw in _frameworks.Values)
            {
                fw.DefaultSpreadSelector = spreadSelector.For;
            }
            informers.Start(cancellationToken);
            if (!await informers.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var profileNames = string.Join(",", _frameworks.Keys);
            owner.LogStarted(profileNames);

            var flush = Task.Run(() => _queue.RunFlushAsync(cancellationToken), CancellationToken.None);
            using var binds = new CountdownEvent(1);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    QueuedPodInfo? info;
                    try
                    {
                        info = await _queue.PopAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    if (info is null)
                    {
                        break;
                    }

                    try
                    {
                        ScheduleOne(info, binds, cancellationToken);
                    }
#pragma warning disable CA1031 // one pod's unexpected failure must not stop the scheduler
                    catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                    {
                        owner.LogUnexpected(info.PodInfo.Key, e);
                        _queue.AddUnschedulable(info, _queue.SchedulingCycle, toBackoff: true);
                    }
                }
            }
            finally
            {
                _queue.Close();
                binds.Signal();
                binds.Wait(TimeSpan.FromSeconds(10), CancellationToken.None);
                await flush.ConfigureAwait(false);
            }
        }

        private bool Responsible(Pod pod) => _frameworks.ContainsKey(pod.Spec.SchedulerName);

        private static bool Terminal(Pod pod) => pod.Status.Phase is "Succeeded" or "Failed";

        private void OnPodAdd(Pod pod, bool initial)
        {
            if (pod.Spec.NodeName.Length > 0)
            {
                owner._options.Stats?.AssignedPodObserved?.Invoke(pod);
                if (!Terminal(pod))
                {
                    _cache.AddOrUpdatePod(pod);
                    MoveForAssignedPod(pod);
                }
            }
            else if (Responsible(pod) && !Terminal(pod) && pod.Metadata.DeletionTimestamp is null)
            {
                _queue.Add(pod);
            }
        }

        private void OnPodUpdate(Pod oldPod, Pod newPod)
        {
            if (newPod.Spec.NodeName.Length > 0)
            {
                owner._options.Stats?.AssignedPodObserved?.Invoke(newPod);
                if (oldPod.Spec.NodeName.Length == 0)
                {
                    _queue.Delete(oldPod);
                }

                if (Terminal(newPod))
                {
                    _cache.RemovePod(newPod);
                    _queue.MoveAllToActiveOrBackoff();
                }
                else
                {
                    _cache.AddOrUpdatePod(newPod);
                    if (oldPod.Spec.NodeName.Length == 0)
                    {
                        MoveForAssignedPod(newPod);
                    }
                }
            }
            else if (Responsible(newPod) && !Terminal(newPod))
            {
                _queue.Update(oldPod, newPod);
            }
            else
            {
                _queue.Delete(newPod);
            }
        }

        private void OnPodDelete(Pod pod, bool finalStateUnknown)
        {
            if (pod.Spec.NodeName.Length > 0)
            {
                _cache.RemovePod(pod);
                _queue.MoveAllToActiveOrBackoff();
            }
            else
            {
                _queue.Delete(pod);
            }
        }

        // An assigned pod can make pods with pod affinity schedulable (upstream's AssignedPodAdded event).
        private void MoveForAssignedPod(Pod pod) =>
            _queue.MoveAllToActiveOrBackoff(p => p.Spec.Affinity?.PodAffinity is not null);

        private static bool NodeSchedulingPropertiesChanged(Node oldNode, Node newNode)
        {
            static string Props(Node n) =>
                string.Join(";", n.Spec.Unschedulable, Join(n.Metadata.Labels), Join(n.Status.Allocatable?.ToDictionary(kv => kv.Key, kv => kv.Value.ToString())),
                    string.Join(",", (n.Spec.Taints ?? []).Select(t => t.Key + "=" + t.Value + ":" + t.Effect)),
                    string.Join(",", (n.Status.Conditions ?? []).Select(c => c.Type + "=" + c.Status)));
            static string Join(IDictionary<string, string>? d) => d is null ? "" : string.Join(",", d.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
            return Props(oldNode) != Props(newNode);
        }

        private void ScheduleOne(QueuedPodInfo info, CountdownEvent binds, CancellationToken cancellationToken)
        {
            var pod = info.PodInfo.Pod;
            var cycle = _queue.SchedulingCycle;
            // Skip pods deleted, bound or being deleted since they were queued (upstream's skipPodSchedule).
            var current = _pods.Namespace(pod.Metadata.Namespace).Get(pod.Metadata.Name);
            if (current is null || current.Metadata.Uid != pod.Metadata.Uid || current.Spec.NodeName.Length > 0 || current.Metadata.DeletionTimestamp is not null
                || !_frameworks.TryGetValue(pod.Spec.SchedulerName, out var fw))
            {
                _queue.Done(info);
                return;
            }

            var stats = owner._options.Stats;
            stats?.AddAttempt();
            var t0 = Stopwatch.GetTimestamp();
            _cache.UpdateSnapshot(_snapshot);
            fw.SetSnapshot(_snapshot);
            var t1 = Stopwatch.GetTimestamp();
            var state = new CycleState();
            var result = _algorithm.Schedule(fw, state, pod);
            var t2 = Stopwatch.GetTimestamp();
            if (stats is not null)
            {
                stats.AddSnapshot(t1 - t0);
                stats.AddAlgorithm(t2 - t1);
            }

            var recorder = _recorders[pod.Spec.SchedulerName];
            if (result.SuggestedHost.Length == 0)
            {
                stats?.AddFailed();
            }
            else
            {
                stats?.AddScheduled();
            }

            try
            {
                CompleteCycle(info, cycle, fw, state, pod, result, recorder, binds, cancellationToken);
            }
            finally
            {
                if (stats is not null)
                {
                    var ticks = Stopwatch.GetTimestamp() - t2;
                    if (result.SuggestedHost.Length > 0)
                    {
                        stats.AddAssume(ticks);
                    }
                    else
                    {
                        stats.AddFail(ticks);
                    }
                }
            }
        }

        private void CompleteCycle(QueuedPodInfo info, long cycle, SchedulerFramework fw, CycleState state, Pod pod, ScheduleResult result, IEventRecorder recorder, CountdownEvent binds, CancellationToken cancellationToken)
        {
            if (result.Error is { } error)
            {
                Fail(info, cycle, recorder, error.Message, toBackoff: true, nominatedNodeName: null);
                return;
            }

            if (result.NoNodesAvailable)
            {
                // Upstream: UnschedulableAndUnresolvable without PostFilter; a node added moves the pod back.
                Fail(info, cycle, recorder, ScheduleResult.NoNodesAvailableMessage, toBackoff: false, nominatedNodeName: null);
                return;
            }

            if (result.FitError is { } fitError)
            {
                string? nominated = null;
                if (fw.PostFilterPlugins.Count > 0)
                {
                    var (pf, pfStatus) = fw.RunPostFilterPlugins(state, pod, fitError.Diagnosis.NodeToStatus);
                    if (!pfStatus.IsSuccess && pfStatus.Message.Length > 0)
                    {
                        fitError.Diagnosis.PostFilterMessage = pfStatus.Message;
                    }

                    if (pfStatus.IsSuccess && pf is { NominatedNodeName.Length: > 0 })
                    {
                        nominated = pf.NominatedNodeName;
                        Preempt(pod, pf, recorder, cancellationToken);
                        _queue.Nominate(info.PodInfo, nominated);
                    }
                }

                Fail(info, cycle, recorder, fitError.Message, toBackoff: false, nominatedNodeName: nominated);
                return;
            }

            var host = result.SuggestedHost;
            var assumed = pod.DeepCopy();
            assumed.Spec.NodeName = host;
            var reserve = fw.RunReservePluginsReserve(state, assumed, host);
            if (!reserve.IsSuccess)
            {
                fw.RunReservePluginsUnreserve(state, assumed, host);
                Fail(info, cycle, recorder, reserve.Message, toBackoff: true, nominatedNodeName: null);
                return;
            }

            var (permit, _) = fw.RunPermitPlugins(state, assumed, host);
            if (!permit.IsSuccess && permit.Code != StatusCode.Wait)
            {
                fw.RunReservePluginsUnreserve(state, assumed, host);
                Fail(info, cycle, recorder, permit.Message, toBackoff: permit.Code is not (StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable), nominatedNodeName: null);
                return;
            }

            _cache.AssumePod(assumed);
            _queue.Nominator.DeleteNominatedPodIfExists(pod);
            binds.AddCount();
            _ = Task.Run(async () =>
            {
                try
                {
                    await BindAsync(fw, state, info, assumed, host, cycle, recorder, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    binds.Signal();
                }
            }, CancellationToken.None);
        }

        private async Task BindAsync(SchedulerFramework fw, CycleState state, QueuedPodInfo info, Pod assumed, string host, long cycle, IEventRecorder recorder, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            Status status;
            try
            {
                status = await fw.RunPreBindPluginsAsync(state, assumed, host, cancellationToken).ConfigureAwait(false);
                if (status.IsSuccess)
                {
                    status = await fw.RunBindPluginsAsync(state, assumed, host, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                status = Status.AsError("scheduler stopped");
            }

            if (!status.IsSuccess)
            {
                // Upstream's handleBindingCycleError: forget the assumption, unreserve, retry after backoff.
                _cache.ForgetPod(assumed);
                fw.RunReservePluginsUnreserve(state, assumed, host);
                _queue.MoveAllToActiveOrBackoff();
                if (!cancellationToken.IsCancellationRequested)
                {
                    Fail(info, cycle, recorder, "Binding rejected: " + status.Message, toBackoff: true, nominatedNodeName: null);
                }
                else
                {
                    _queue.Done(info);
                }

                return;
            }

            if (owner._options.Stats is { } stats)
            {
                stats.AddBind(Stopwatch.GetTimestamp() - started);
                stats.AddBound();
            }

            _cache.FinishBinding(assumed);
            _queue.Done(info);
            recorder.Eventf(info.PodInfo.Pod, EventTypes.Normal, "Scheduled", "Successfully assigned {0}/{1} to {2}", assumed.Metadata.Namespace, assumed.Metadata.Name, host);
            fw.RunPostBindPlugins(state, assumed, host);
        }

        private void Fail(QueuedPodInfo info, long cycle, IEventRecorder recorder, string message, bool toBackoff, string? nominatedNodeName)
        {
            var pod = info.PodInfo.Pod;
            _queue.AddUnschedulable(info, cycle, toBackoff);
            recorder.Event(pod, EventTypes.Warning, "FailedScheduling", message);
            _ = UpdatePodStatusAsync(pod, message, nominatedNodeName);
        }

        /// <summary>Sets condition PodScheduled=False/Unschedulable (and nominatedNodeName) with a strategic merge patch on pods/status.</summary>
        private async Task UpdatePodStatusAsync(Pod pod, string message, string? nominatedNodeName)
        {
            var existing = pod.Status.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
            if (existing is { Status: "False", Reason: "Unschedulable" } && existing.Message == message && (nominatedNodeName is null || nominatedNodeName == pod.Status.NominatedNodeName))
            {
                return;
            }

            var condition = new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "False",
                ["reason"] = "Unschedulable",
                ["message"] = message,
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = existing is { Status: "False" } && existing.LastTransitionTime is { } t
                    ? t.ToString()
                    : Api.Time.Now(owner._clock).ToString(),
            };
            var status = new JsonObject { ["conditions"] = new JsonArray(condition) };
            if (nominatedNodeName is not null)
            {
                status["nominatedNodeName"] = nominatedNodeName;
            }

            var patch = new JsonObject { ["status"] = status }.ToJsonString();
            try
            {
                await owner._client.Resource<Pod>(pod.Metadata.Namespace).PatchAsync(pod.Metadata.Name, PatchType.StrategicMerge, patch, subresource: "status").ConfigureAwait(false);
            }
#pragma warning disable CA1031 // best effort, as upstream's updatePod: the next attempt writes again
            catch (Exception e)
#pragma warning restore CA1031
            {
                owner.LogStatusUpdateFailed(pod.Metadata.Namespace + "/" + pod.Metadata.Name, e.Message);
            }
        }

        /// <summary>Deletes the victims (upstream's prepareCandidate) after a Preempted event on each.</summary>
        private void Preempt(Pod preemptor, PostFilterResult result, IEventRecorder recorder, CancellationToken cancellationToken)
        {
            foreach (var victim in result.Victims ?? [])
            {
                recorder.Eventf(victim, EventTypes.Normal, "Preempted", "Preempted by pod {0} on node {1}", preemptor.Metadata.Uid, result.NominatedNodeName);
                var v = victim;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await owner._client.Resource<Pod>(v.Metadata.Namespace).DeleteAsync(v.Metadata.Name, new Api.Meta.V1.DeleteOptions
                        {
                            Preconditions = new Api.Meta.V1.Preconditions { Uid = v.Metadata.Uid },
                        }, cancellationToken).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // a victim already gone is fine; others are retried by the next attempt
                    catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                    {
                        owner.LogStatusUpdateFailed(v.Metadata.Namespace + "/" + v.Metadata.Name, e.Message);
                    }
                }, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduler started; profiles: {Profiles}")]
    private partial void LogStarted(string profiles);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "informer error: {Message}")]
    private partial void LogInformerError(string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "scheduling {Pod} failed unexpectedly")]
    private partial void LogUnexpected(string pod, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "updating {Pod} failed: {Message}")]
    private partial void LogStatusUpdateFailed(string pod, string message);
}

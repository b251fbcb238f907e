using System.Globalization;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// The filter status of each node (upstream's <c>NodeToStatus</c>): explicit statuses for the nodes filtered, and one
/// status for all nodes absent from the map (those a PreFilterResult excluded).
/// </summary>
public sealed class NodeToStatus
{
    private readonly Dictionary<string, Status> _statuses = new(StringComparer.Ordinal);

    /// <summary>The status of nodes that have no explicit status (default: UnschedulableAndUnresolvable without reasons).</summary>
    public Status AbsentNodesStatus { get; set; } = DefaultAbsentNodesStatus;

    // Statuses are immutable, so every map shares the default.
    private static readonly Status DefaultAbsentNodesStatus = Status.Create(StatusCode.UnschedulableAndUnresolvable);

    /// <summary>The number of explicit statuses.</summary>
    public int Count => _statuses.Count;

    /// <summary>Sets a node's status.</summary>
    public void Set(string nodeName, Status status) => _statuses[nodeName] = status;

    /// <summary>A node's status (explicit or the absent-nodes status).</summary>
    public Status Get(string nodeName) => _statuses.TryGetValue(nodeName, out var s) ? s : AbsentNodesStatus;

    /// <summary>The explicit statuses.</summary>
    public IEnumerable<KeyValuePair<string, Status>> Explicit => _statuses;

    /// <summary>The nodes (of <paramref name="nodes"/>) whose status has the code, absent ones included.</summary>
    public List<NodeInfo> NodesForStatusCode(IReadOnlyList<NodeInfo> nodes, StatusCode code)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var result = new List<NodeInfo>();
        foreach (var n in nodes)
        {
            if (Get(n.Name).Code == code)
            {
                result.Add(n);
            }
        }

        return result;
    }
}

/// <summary>Why a pod did not fit (upstream's <c>Diagnosis</c>).</summary>
public sealed class Diagnosis
{
    /// <summary>The nodes' filter statuses.</summary>
    public NodeToStatus NodeToStatus { get; } = new();

    /// <summary>Plugins that rejected the pod.</summary>
    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Plugins that returned Pending.</summary>
    public HashSet<string> PendingPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>The message of a PreFilter plugin that rejected the pod.</summary>
    public string PreFilterMessage { get; set; } = "";

    /// <summary>The message of the PostFilter plugins (preemption).</summary>
    public string PostFilterMessage { get; set; } = "";

    /// <summary>Records the plugin of a rejecting status.</summary>
    public void AddPluginStatus(Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Plugin is null)
        {
            return;
        }

        if (status.Code == StatusCode.Pending)
        {
            PendingPlugins.Add(status.Plugin);
        }
        else if (status.IsUnschedulable)
        {
            UnschedulablePlugins.Add(status.Plugin);
        }
    }
}

/// <summary>
/// No node fits the pod (upstream's <c>FitError</c>); <see cref="Message"/> is the FailedScheduling event text:
/// "0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu. preemption: ...".
/// </summary>
public sealed class FitError
{
    /// <summary>"0/%v nodes are available".</summary>
    public const string NoNodeAvailableFormat = "0/{0} nodes are available";

    /// <summary>Creates the error.</summary>
    public FitError(Pod pod, int numAllNodes, Diagnosis diagnosis)
    {
        Pod = pod;
        NumAllNodes = numAllNodes;
        Diagnosis = diagnosis;
    }

    /// <summary>The pod.</summary>
    public Pod Pod { get; }

    /// <summary>The number of nodes considered.</summary>
    public int NumAllNodes { get; }

    /// <summary>Why.</summary>
    public Diagnosis Diagnosis { get; }

    /// <summary>The message (computed on each read: PostFilterMessage is set after the filters ran).</summary>
    public string Message => BuildMessage(NumAllNodes, Diagnosis);

    /// <inheritdoc/>
    public override string ToString() => Message;

    /// <summary>
    /// Upstream's <c>FitError.Error()</c>: the PreFilter message when PreFilter rejected the pod, else a histogram of
    /// the nodes' reasons ("N reason") sorted as strings, then the PostFilter message; each part as " %v.".
    /// </summary>
    public static string BuildMessage(int numAllNodes, Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var message = "0/" + numAllNodes.ToString(CultureInfo.InvariantCulture) + " nodes are available:";
        if (diagnosis.PreFilterMessage.Length > 0)
        {
            message += " " + diagnosis.PreFilterMessage + ".";
        }
        else
        {
            var histogram = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (_, status) in diagnosis.NodeToStatus.Explicit)
            {
                foreach (var reason in status.Reasons)
                {
                    histogram[reason] = histogram.GetValueOrDefault(reason) + 1;
                }
            }

            var absent = numAllNodes - diagnosis.NodeToStatus.Count;
            if (absent > 0)
            {
                foreach (var reason in diagnosis.NodeToStatus.AbsentNodesStatus.Reasons)
                {
                    histogram[reason] = histogram.GetValueOrDefault(reason) + absent;
                }
            }

            if (histogram.Count > 0)
            {
                var parts = new List<string>(histogram.Count);
                foreach (var (reason, count) in histogram)
                {
                    parts.Add(count.ToString(CultureInfo.InvariantCulture) + " " + reason);
                }

                parts.Sort(StringComparer.Ordinal);
                message += " " + string.Join(", ", parts) + ".";
            }
        }

        if (diagnosis.PostFilterMessage.Length > 0)
        {
            message += " " + diagnosis.PostFilterMessage + ".";
        }

        return message;
    }
}

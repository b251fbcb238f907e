using KubeSharp.Api;
using KubeSharp.Client.Machinery.Events;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>
/// The events upstream's RealPodControl (pkg/controller/controller_utils.go) records on the owner of the pods it
/// creates and deletes (ReplicaSets, ReplicationControllers, Jobs, ...), with upstream's reasons and texts, as
/// <c>kubectl describe</c> shows them.
/// </summary>
public static class PodControlEvents
{
    /// <summary><c>SuccessfulCreate</c> "Created pod: NAME".</summary>
    public static void Created(IEventRecorder recorder, IKubeMetaObject owner, string podName)
        => recorder.Event(owner, EventTypes.Normal, "SuccessfulCreate", "Created pod: " + podName);

    /// <summary><c>FailedCreate</c> "Error creating: ERROR" (a Warning).</summary>
    public static void CreateFailed(IEventRecorder recorder, IKubeMetaObject owner, Exception error)
        => recorder.Event(owner, EventTypes.Warning, "FailedCreate", "Error creating: " + error.Message);

    /// <summary><c>SuccessfulDelete</c> "Deleted pod: NAME".</summary>
    public static void Deleted(IEventRecorder recorder, IKubeMetaObject owner, string podName)
        => recorder.Event(owner, EventTypes.Normal, "SuccessfulDelete", "Deleted pod: " + podName);

    /// <summary><c>FailedDelete</c> "Error deleting: ERROR" (a Warning; upstream records none for a pod already gone).</summary>
    public static void DeleteFailed(IEventRecorder recorder, IKubeMetaObject owner, Exception error)
        => recorder.Event(owner, EventTypes.Warning, "FailedDelete", "Error deleting: " + error.Message);
}

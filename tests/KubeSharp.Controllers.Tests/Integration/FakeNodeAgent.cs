using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>
/// Stands in for kubelets in the controller tests: every pod becomes Running and Ready (status written through
/// pods/status as a kubelet would), and a pod marked for deletion is removed at once (grace period 0). Finished pods
/// (the tests set Succeeded or Failed, as a container exiting would) are left alone. A pod annotated
/// <see cref="HoldAnnotation"/> stays Pending (its containers "not started yet") until a test removes the annotation.
/// </summary>
public sealed class FakeNodeAgent : IAsyncDisposable
{
    /// <summary>While a pod carries this annotation the agent leaves it Pending and not Ready.</summary>
    public const string HoldAnnotation = "kubesharp.test/hold-ready";

    private readonly KubernetesClient _client;
    private SharedInformerFactory? _factory;

    public FakeNodeAgent(KubernetesClient client)
    {
        _client = client;
    }

    /// <summary>Only pods bound to a node run (with a scheduler in the test); by default every pod does.</summary>
    public bool OnlyScheduledPods { get; init; }

    public void Start(CancellationToken cancellationToken)
    {
        _factory = new SharedInformerFactory(_client);
        var pods = _factory.Informer<Pod>();
        pods.AddEventHandler(
            onAdd: (pod, _) => Handle(pod, cancellationToken),
            onUpdate: (_, pod) => Handle(pod, cancellationToken));
        _factory.Start(cancellationToken);
    }

    private void Handle(Pod pod, CancellationToken cancellationToken) => _ = HandleAsync(pod, cancellationToken);

    private async Task HandleAsync(Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            var client = _client.Resource<Pod>(pod.Metadata.Namespace);
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                await client.DeleteAsync(pod.Metadata.Name, new Api.Meta.V1.DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken);
                return;
            }
            if (pod.Status.Phase is "Running" or "Succeeded" or "Failed"
                || pod.Metadata.Annotations?.ContainsKey(HoldAnnotation) == true
                || (OnlyScheduledPods && pod.Spec.NodeName.Length == 0))
            {
                return;
            }
            var copy = pod.DeepCopy();
            var now = Time.Now().Rfc3339Copy();
            copy.Status.Phase = "Running";
            copy.Status.PodIP = "10.42.0." + ((uint)pod.Metadata.Name.GetHashCode(StringComparison.Ordinal) % 250 + 2);
            copy.Status.StartTime = now;
            copy.Status.Conditions =
            [
                new PodCondition { Type = "Initialized", Status = "True", LastTransitionTime = now },
                new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = now },
                new PodCondition { Type = "ContainersReady", Status = "True", LastTransitionTime = now },
                new PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = now },
            ];
            copy.Status.ContainerStatuses = [.. pod.Spec.Containers?.Select(c => new ContainerStatus
            {
                Name = c.Name,
                Image = c.Image,
                Ready = true,
                Started = true,
                State = new ContainerState { Running = new ContainerStateRunning { StartedAt = now } },
            }) ?? []];
            await client.UpdateStatusAsync(copy, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone or changed meanwhile: the next event brings it back.
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        _client.Dispose();
    }
}

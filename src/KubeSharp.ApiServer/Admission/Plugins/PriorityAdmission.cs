using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Scheduling.V1;

namespace KubeSharp.ApiServer.Admission.Plugins;

/// <summary>
/// Upstream's Priority plugin. A new pod gets spec.priority (and spec.preemptionPolicy) from the PriorityClass its
/// spec.priorityClassName names, or from the global default class (lowest value if several), or 0 and
/// PreemptLowerPriority when there is none; a missing class or a contradicting priority/preemptionPolicy in the pod is
/// a 403. An update keeps the pod's priority. A PriorityClass may become globalDefault only while no other is.
/// </summary>
public sealed class PriorityAdmission(AdmissionLookup lookup) : IMutatingAdmissionPlugin, IValidatingAdmissionPlugin
{
    public const string PluginName = "Priority";

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation is AdmissionOperation.Create or AdmissionOperation.Update;

    public async ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (!attributes.IsCore("pods") || attributes.Object is not Pod pod)
        {
            return;
        }
        if (attributes.Operation == AdmissionOperation.Update)
        {
            if (attributes.OldObject is Pod old)
            {
                pod.Spec.Priority ??= old.Spec.Priority;
                pod.Spec.PreemptionPolicy ??= old.Spec.PreemptionPolicy;
            }
            return;
        }
        int priority;
        string? preemptionPolicy;
        if (pod.Spec.PriorityClassName.Length == 0)
        {
            var globalDefault = await DefaultClassAsync(attributes, cancellationToken);
            pod.Spec.PriorityClassName = globalDefault?.Metadata.Name ?? "";
            priority = globalDefault?.Value ?? 0;
            preemptionPolicy = globalDefault is null ? PreemptionPolicy.PreemptLowerPriority : globalDefault.PreemptionPolicy;
        }
        else
        {
            var pc = await lookup.GetAsync<PriorityClass>(attributes, "scheduling.k8s.io", "v1", "priorityclasses", "", pod.Spec.PriorityClassName, cancellationToken)
                ?? throw AdmissionErrors.Forbidden(attributes, $"no PriorityClass with name {pod.Spec.PriorityClassName} was found");
            priority = pc.Value;
            preemptionPolicy = pc.PreemptionPolicy;
        }
        if (pod.Spec.Priority is { } given && given != priority)
        {
            throw AdmissionErrors.Forbidden(attributes,
                $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }
        pod.Spec.Priority = priority;
        if (preemptionPolicy is not null)
        {
            if (pod.Spec.PreemptionPolicy is { } givenPolicy && givenPolicy != preemptionPolicy)
            {
                throw AdmissionErrors.Forbidden(attributes,
                    $"the string value of PreemptionPolicy ({givenPolicy}) must not be provided in pod spec; priority admission controller computed {preemptionPolicy} from the given PriorityClass name");
            }
            pod.Spec.PreemptionPolicy = preemptionPolicy;
        }
        attributes.Mutated = true;
    }

    public async ValueTask ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Group != "scheduling.k8s.io" || attributes.ResourceName != "priorityclasses" || attributes.Subresource.Length > 0
            || attributes.Object is not PriorityClass { GlobalDefault: true } pc)
        {
            return;
        }
        if (await DefaultClassAsync(attributes, cancellationToken) is { } existing
            && (attributes.Operation == AdmissionOperation.Create || existing.Metadata.Name != pc.Metadata.Name))
        {
            throw AdmissionErrors.Forbidden(attributes, $"PriorityClass {existing.Metadata.Name} is already marked as default. Only one default can exist");
        }
    }

    /// <summary>The global default class: the one with the lowest value if a race left several.</summary>
    private async ValueTask<PriorityClass?> DefaultClassAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        PriorityClass? result = null;
        foreach (var pc in await lookup.ListAsync<PriorityClass>(attributes, "scheduling.k8s.io", "v1", "priorityclasses", "", cancellationToken))
        {
            if (pc.GlobalDefault && (result is null || result.Value > pc.Value))
            {
                result = pc;
            }
        }
        return result;
    }
}

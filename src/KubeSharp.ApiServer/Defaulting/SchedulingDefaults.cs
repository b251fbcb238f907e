using KubeSharp.Api.Scheduling.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>Defaults of <c>scheduling.k8s.io/v1</c>. A Pod's <c>priority</c> and <c>preemptionPolicy</c>
/// come from its PriorityClass through the Priority admission plugin, not from defaulting.</summary>
internal static class SchedulingDefaults
{
    /// <summary>Preemption policy PreemptLowerPriority.</summary>
    public static void PriorityClass(PriorityClass priorityClass) =>
        priorityClass.PreemptionPolicy ??= Api.Core.V1.PreemptionPolicy.PreemptLowerPriority;
}

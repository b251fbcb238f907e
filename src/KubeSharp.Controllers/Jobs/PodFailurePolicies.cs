using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.Controllers.Jobs;

/// <summary>What spec.podFailurePolicy decides for a failed pod.</summary>
/// <param name="Counts">Whether the failure counts towards backoffLimit (false for Ignore).</param>
/// <param name="FailJobMessage">Set when a FailJob rule matched: the Failed condition's message.</param>
public readonly record struct PodFailureDecision(bool Counts, string? FailJobMessage);

/// <summary>Upstream matchPodFailurePolicy: the first rule matching a failed pod decides (FailJob, Ignore, Count);
/// no match counts the failure.</summary>
public static class PodFailurePolicies
{
    /// <summary>Evaluates <paramref name="policy"/> for <paramref name="pod"/> (in phase Failed).</summary>
    public static PodFailureDecision Evaluate(PodFailurePolicy? policy, Pod pod)
    {
        var rules = policy?.Rules ?? [];
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index];
            string? failJobMessage = null;
            if (rule.OnExitCodes is { } onExitCodes)
            {
                if (MatchExitCodes(pod, onExitCodes) is not { } container)
                {
                    continue;
                }
                failJobMessage = $"Container {container.Name} for pod {pod.Metadata.Namespace}/{pod.Metadata.Name} failed with exit code {container.State!.Terminated!.ExitCode} matching {rule.Action} rule at index {index}";
            }
            else if (rule.OnPodConditions is { } patterns)
            {
                if (MatchConditions(pod, patterns) is not { } condition)
                {
                    continue;
                }
                failJobMessage = $"Pod {pod.Metadata.Namespace}/{pod.Metadata.Name} has condition {condition.Type} matching {rule.Action} rule at index {index}";
            }
            else
            {
                continue;
            }
            switch (rule.Action)
            {
                case "Ignore":
                    return new(false, null);
                case "Count":
                    return new(true, null);
                case "FailJob":
                    return new(true, failJobMessage);
                default:
                    // FailIndex needs backoffLimitPerIndex (not implemented): the next rule decides, as upstream does
                    // when the feature is off.
                    continue;
            }
        }
        return new(true, null);
    }

    /// <summary>The first terminated container (init containers first) with a non-zero exit code matching the requirement.</summary>
    private static ContainerStatus? MatchExitCodes(Pod pod, PodFailurePolicyOnExitCodesRequirement requirement)
    {
        foreach (var status in (pod.Status.InitContainerStatuses ?? []).Concat(pod.Status.ContainerStatuses ?? []))
        {
            if (status.State?.Terminated is not { ExitCode: not 0 } terminated)
            {
                continue;
            }
            if (requirement.ContainerName is { } name && name != status.Name)
            {
                continue;
            }
            var listed = requirement.Values?.Contains(terminated.ExitCode) == true;
            if (requirement.Operator == "In" ? listed : requirement.Operator == "NotIn" && !listed)
            {
                return status;
            }
        }
        return null;
    }

    private static PodCondition? MatchConditions(Pod pod, List<PodFailurePolicyOnPodConditionsPattern> patterns)
    {
        foreach (var condition in pod.Status.Conditions ?? [])
        {
            foreach (var pattern in patterns)
            {
                var status = pattern.Status.Length == 0 ? "True" : pattern.Status;
                if (condition.Type == pattern.Type && condition.Status == status)
                {
                    return condition;
                }
            }
        }
        return null;
    }
}

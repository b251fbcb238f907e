using KubeSharp.Api.AdmissionRegistration.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Defaults of <c>admissionregistration.k8s.io/v1</c>: webhooks fail closed (<c>Fail</c>), match
/// <c>Equivalent</c> requests, select every namespace and object (<c>{}</c>), time out after 10 seconds,
/// mutating ones are not reinvoked; rules have scope <c>*</c>; service references use port 443.
/// Admission policies fail closed and get the same match defaults. Bindings' <c>paramRef</c> has no
/// default in v1 (<c>parameterNotFoundAction</c> is required).
/// </summary>
internal static class AdmissionRegistrationDefaults
{
    /// <summary>Upstream's default webhook timeout, in seconds.</summary>
    public const int WebhookTimeoutSeconds = 10;

    /// <summary>Defaults every webhook of a ValidatingWebhookConfiguration.</summary>
    public static void ValidatingWebhookConfiguration(ValidatingWebhookConfiguration configuration)
    {
        foreach (var webhook in configuration.Webhooks ?? [])
        {
            webhook.FailurePolicy ??= FailurePolicyType.Fail;
            webhook.MatchPolicy ??= MatchPolicyType.Equivalent;
            webhook.NamespaceSelector ??= new LabelSelector();
            webhook.ObjectSelector ??= new LabelSelector();
            webhook.TimeoutSeconds ??= WebhookTimeoutSeconds;
            Rules(webhook.Rules);
            ServicePort(webhook.ClientConfig.Service);
        }
    }

    /// <summary>Defaults every webhook of a MutatingWebhookConfiguration (also reinvocation policy Never).</summary>
    public static void MutatingWebhookConfiguration(MutatingWebhookConfiguration configuration)
    {
        foreach (var webhook in configuration.Webhooks ?? [])
        {
            webhook.FailurePolicy ??= FailurePolicyType.Fail;
            webhook.MatchPolicy ??= MatchPolicyType.Equivalent;
            webhook.NamespaceSelector ??= new LabelSelector();
            webhook.ObjectSelector ??= new LabelSelector();
            webhook.TimeoutSeconds ??= WebhookTimeoutSeconds;
            webhook.ReinvocationPolicy ??= ReinvocationPolicyType.NeverReinvocationPolicy;
            Rules(webhook.Rules);
            ServicePort(webhook.ClientConfig.Service);
        }
    }

    /// <summary>Failure policy Fail; match constraints defaulted.</summary>
    public static void ValidatingAdmissionPolicy(ValidatingAdmissionPolicy policy)
    {
        policy.Spec.FailurePolicy ??= FailurePolicyType.Fail;
        MatchResources(policy.Spec.MatchConstraints);
    }

    /// <summary>Match resources defaulted.</summary>
    public static void ValidatingAdmissionPolicyBinding(ValidatingAdmissionPolicyBinding binding) =>
        MatchResources(binding.Spec.MatchResources);

    /// <summary>Failure policy Fail; match constraints defaulted (a kind newer than v1.32, defaulted as its
    /// validating counterpart).</summary>
    public static void MutatingAdmissionPolicy(MutatingAdmissionPolicy policy)
    {
        policy.Spec.FailurePolicy ??= FailurePolicyType.Fail;
        MatchResources(policy.Spec.MatchConstraints);
    }

    /// <summary>Match resources defaulted.</summary>
    public static void MutatingAdmissionPolicyBinding(MutatingAdmissionPolicyBinding binding) =>
        MatchResources(binding.Spec.MatchResources);

    private static void MatchResources(MatchResources? match)
    {
        if (match is null)
        {
            return;
        }
        match.MatchPolicy ??= MatchPolicyType.Equivalent;
        match.NamespaceSelector ??= new LabelSelector();
        match.ObjectSelector ??= new LabelSelector();
        foreach (var rule in match.ResourceRules ?? [])
        {
            rule.Scope ??= ScopeType.AllScopes;
        }
        foreach (var rule in match.ExcludeResourceRules ?? [])
        {
            rule.Scope ??= ScopeType.AllScopes;
        }
    }

    private static void Rules(List<RuleWithOperations>? rules)
    {
        foreach (var rule in rules ?? [])
        {
            rule.Scope ??= ScopeType.AllScopes;
        }
    }

    private static void ServicePort(ServiceReference? service)
    {
        if (service is not null)
        {
            service.Port ??= 443;
        }
    }
}

using KubeSharp.ApiServer.Admission.Plugins;

namespace KubeSharp.ApiServer.Admission;

/// <summary>The plugins a KubeSharp API server runs, in upstream's order (AllOrderedPlugins): NamespaceLifecycle,
/// LimitRanger, ServiceAccount, Priority, DefaultTolerationSeconds, ResourceQuota; then the options' additional
/// plugins (where upstream runs its admission webhooks).</summary>
public static class DefaultAdmission
{
    public static AdmissionChain Create(AdmissionLookup lookup, ApiServerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AdmissionChain(
        [
            new NamespaceLifecycle(lookup),
            new LimitRanger(lookup),
            new ServiceAccountAdmission(lookup, options.RequireServiceAccounts),
            new PriorityAdmission(lookup),
            new DefaultTolerationSeconds(options.DefaultNotReadyTolerationSeconds, options.DefaultUnreachableTolerationSeconds),
            new ResourceQuotaAdmission(lookup, time),
            .. options.AdditionalAdmissionPlugins,
        ]);
    }
}

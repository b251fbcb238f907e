using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Admission.Plugins;

/// <summary>
/// Upstream's DefaultTolerationSeconds plugin: a pod that does not already tolerate the NoExecute taints
/// node.kubernetes.io/not-ready and node.kubernetes.io/unreachable (a toleration with that key or an empty key, and
/// effect NoExecute or empty) gets <c>{key, operator: Exists, effect: NoExecute, tolerationSeconds}</c> for each, so
/// its pods are evicted that long after their node fails (--default-not-ready-toleration-seconds and
/// --default-unreachable-toleration-seconds, 300 by default).
/// </summary>
public sealed class DefaultTolerationSeconds(long notReadySeconds = DefaultTolerationSeconds.DefaultSeconds, long unreachableSeconds = DefaultTolerationSeconds.DefaultSeconds)
    : IMutatingAdmissionPlugin
{
    public const string PluginName = "DefaultTolerationSeconds";
    public const long DefaultSeconds = 300;
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation is AdmissionOperation.Create or AdmissionOperation.Update;

    public ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.IsCore("pods") && attributes.Object is Pod pod && Apply(pod, notReadySeconds, unreachableSeconds))
        {
            attributes.Mutated = true;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds the missing default tolerations; true when the pod changed.</summary>
    public static bool Apply(Pod pod, long notReadySeconds = DefaultSeconds, long unreachableSeconds = DefaultSeconds)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var notReady = false;
        var unreachable = false;
        foreach (var toleration in pod.Spec.Tolerations ?? [])
        {
            var noExecute = toleration.Effect is "NoExecute" or "";
            notReady |= noExecute && toleration.Key is NotReadyTaint or "";
            unreachable |= noExecute && toleration.Key is UnreachableTaint or "";
        }
        if (!notReady)
        {
            (pod.Spec.Tolerations ??= []).Add(new Toleration { Key = NotReadyTaint, Operator = "Exists", Effect = "NoExecute", TolerationSeconds = notReadySeconds });
        }
        if (!unreachable)
        {
            (pod.Spec.Tolerations ??= []).Add(new Toleration { Key = UnreachableTaint, Operator = "Exists", Effect = "NoExecute", TolerationSeconds = unreachableSeconds });
        }
        return !notReady || !unreachable;
    }
}

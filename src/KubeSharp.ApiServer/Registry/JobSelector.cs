using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Meta.V1;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Upstream's Job strategy on create: unless spec.manualSelector is true, the selector is generated from
/// the Job's uid and the pod template gets the matching labels (batch.kubernetes.io/controller-uid, job-name, and
/// their legacy unprefixed forms).</summary>
public static class JobSelector
{
    public static void Generate(Job job)
    {
        if (job.Spec.ManualSelector == true)
        {
            return;
        }
        var uid = job.Metadata.Uid;
        var labels = job.Spec.Template.Metadata.Labels ??= [];
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = job.Metadata.Name;
        labels["controller-uid"] = uid;
        labels["job-name"] = job.Metadata.Name;
        job.Spec.Selector = new LabelSelector { MatchLabels = new() { ["batch.kubernetes.io/controller-uid"] = uid } };
    }
}

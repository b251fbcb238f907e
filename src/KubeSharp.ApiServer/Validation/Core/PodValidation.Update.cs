using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    /// <summary>The head of upstream's Forbidden message for pod spec updates.</summary>
    public const string UpdatableFieldsMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
        + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    /// <summary>upstream <c>ValidatePodUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(Pod pod, Pod old, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(old);
        var meta = FieldPath.Root("metadata");
        var errors = ObjectMetaValidation.ValidateUpdate(pod.Metadata, old.Metadata, meta);
        errors.AddRange(ValidateMetadataAndSpec(pod, options));
        SpecificAnnotationUpdates(errors, pod, old, meta.Child("annotations"));
        var specPath = FieldPath.Root("spec");
        if (ContainerUpdates(errors, pod.Spec.Containers, old.Spec.Containers, specPath.Child("containers"))
            || ContainerUpdates(errors, pod.Spec.InitContainers, old.Spec.InitContainers, specPath.Child("initContainers")))
        {
            return errors;
        }

        if (pod.Spec.ActiveDeadlineSeconds is { } newAds)
        {
            if (newAds < 0 || newAds > int.MaxValue)
            {
                errors.Add(FieldError.Invalid(specPath.Child("activeDeadlineSeconds"), newAds, ValidationMessages.InclusiveRangeError(0, int.MaxValue)));
                return errors;
            }

            if (old.Spec.ActiveDeadlineSeconds is { } oldAds && oldAds < newAds)
            {
                errors.Add(FieldError.Invalid(specPath.Child("activeDeadlineSeconds"), newAds, "must be less than or equal to previous value"));
                return errors;
            }
        }
        else if (old.Spec.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldError.Invalid(specPath.Child("activeDeadlineSeconds"), "null", "must not update from a positive integer to nil value"));
        }

        OnlyAddedTolerations(errors, pod.Spec.Tolerations, old.Spec.Tolerations, specPath.Child("tolerations"));
        OnlyDeletedSchedulingGates(errors, pod.Spec.SchedulingGates, old.Spec.SchedulingGates, specPath.Child("schedulingGates"));
        if (ApiEquality.Equal(pod.Spec, old.Spec))
        {
            return errors;
        }

        var munged = pod.Spec.DeepCopy();
        for (var i = 0; i < (munged.Containers?.Count ?? 0); i++)
        {
            munged.Containers![i].Image = old.Spec.Containers![i].Image;
        }

        for (var i = 0; i < (munged.InitContainers?.Count ?? 0); i++)
        {
            munged.InitContainers![i].Image = old.Spec.InitContainers![i].Image;
        }

        munged.ActiveDeadlineSeconds = old.Spec.ActiveDeadlineSeconds;
        munged.SchedulingGates = old.Spec.SchedulingGates?.Select(g => g.DeepCopy()).ToList();
        munged.Tolerations = old.Spec.Tolerations?.Select(t => t.DeepCopy()).ToList();
        if (old.Spec.TerminationGracePeriodSeconds is < 0 && munged.TerminationGracePeriodSeconds == 1)
        {
            munged.TerminationGracePeriodSeconds = old.Spec.TerminationGracePeriodSeconds;
        }

        if (old.Spec.SchedulingGates is { Count: > 0 })
        {
            // Gated pods may gain nodeSelector entries and node affinity terms; upstream checks those mutations.
            if (!CommonValidation.StringMapsEqual(munged.NodeSelector, old.Spec.NodeSelector))
            {
                foreach (var (k, v) in old.Spec.NodeSelector ?? [])
                {
                    if (munged.NodeSelector is null || !munged.NodeSelector.TryGetValue(k, out var nv) || nv != v)
                    {
                        errors.Add(FieldError.Invalid(specPath.Child("nodeSelector"), GoSyntax.StringMapValue(munged.NodeSelector), "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
                        break;
                    }
                }

                munged.NodeSelector = old.Spec.NodeSelector is null ? null : new Dictionary<string, string>(old.Spec.NodeSelector, StringComparer.Ordinal);
            }
        }

        if (!ApiEquality.Equal(munged, old.Spec))
        {
            errors.Add(FieldError.Forbidden(specPath, UpdatableFieldsMessage + "\n" + ApiEquality.Diff("core.PodSpec", old.Spec, munged)));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidatePodStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(Pod pod, Pod old)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(old);
        var meta = FieldPath.Root("metadata");
        var errors = ObjectMetaValidation.ValidateUpdate(pod.Metadata, old.Metadata, meta);
        SpecificAnnotationUpdates(errors, pod, old, meta.Child("annotations"));
        for (var i = 0; i < (pod.Status.Conditions?.Count ?? 0); i++)
        {
            var type = pod.Status.Conditions![i].Type;
            if (type is not ("PodScheduled" or "Ready" or "Initialized"))
            {
                CommonValidation.QualifiedName(errors, type, meta.Child("conditions").Index(i).Child("Type"));
            }
        }

        var status = FieldPath.Root("status");
        if (pod.Spec.NodeName != old.Spec.NodeName)
        {
            errors.Add(FieldError.Forbidden(status.Child("nodeName"), "may not be changed directly"));
        }

        if (pod.Status.NominatedNodeName != old.Status.NominatedNodeName && pod.Status.NominatedNodeName.Length > 0)
        {
            CommonValidation.Name(errors, ObjectMetaValidation.DnsSubdomain, pod.Status.NominatedNodeName, status.Child("nominatedNodeName"));
        }

        CommonValidation.Immutable(errors, pod.Status.QosClass == old.Status.QosClass, pod.Status.QosClass, status.Child("qosClass"));
        ContainerStateTransition(errors, pod.Status.ContainerStatuses, old.Status.ContainerStatuses, status.Child("containerStatuses"), old.Spec.RestartPolicy, old.Spec.InitContainers, init: false);
        ContainerStateTransition(errors, pod.Status.InitContainerStatuses, old.Status.InitContainerStatuses, status.Child("initContainerStatuses"), old.Spec.RestartPolicy, old.Spec.InitContainers, init: true);
        ContainerStateTransition(errors, pod.Status.EphemeralContainerStatuses, old.Status.EphemeralContainerStatuses, status.Child("ephemeralContainerStatuses"), "Never", null, init: false);
        for (var i = 0; i < (pod.Status.PodIPs?.Count ?? 0); i++)
        {
            errors.AddRange(ValueValidation.IsValidIP(status.Child("podIPs").Index(i), pod.Status.PodIPs![i].Ip));
        }

        if (pod.Status.HostIPs is { Count: > 0 } hostIps)
        {
            if (pod.Status.HostIP != hostIps[0].Ip)
            {
                errors.Add(FieldError.Invalid(status.Child("hostIPs").Index(0).Child("ip"), hostIps[0].Ip, "must be equal to `hostIP`"));
            }

            for (var i = 0; i < hostIps.Count; i++)
            {
                errors.AddRange(ValueValidation.IsValidIP(status.Child("hostIPs").Index(i), hostIps[i].Ip));
            }
        }

        return errors;
    }

    /// <summary>Returns true when validation must stop (containers added or removed).</summary>
    private static bool ContainerUpdates(FieldErrorList errors, List<Container>? containers, List<Container>? old, FieldPath path)
    {
        if ((containers?.Count ?? 0) != (old?.Count ?? 0))
        {
            errors.Add(FieldError.Forbidden(path, "pod updates may not add or remove containers"));
            return true;
        }

        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var image = containers![i].Image;
            if (image.Length == 0)
            {
                errors.Add(FieldError.Required(path.Index(i).Child("image"), string.Empty));
            }

            if (image.Trim().Length != image.Length)
            {
                errors.Add(FieldError.Invalid(path.Index(i).Child("image"), image, "must not have leading or trailing whitespace"));
            }
        }

        return false;
    }

    private static void OnlyAddedTolerations(FieldErrorList errors, List<Toleration>? tolerations, List<Toleration>? old, FieldPath path)
    {
        foreach (var o in old ?? [])
        {
            var found = (tolerations ?? []).Any(n => n.Key == o.Key && n.Operator == o.Operator && n.Value == o.Value && n.Effect == o.Effect);
            if (!found)
            {
                errors.Add(FieldError.Forbidden(path, "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }

        Tolerations(errors, tolerations, path);
    }

    private static void OnlyDeletedSchedulingGates(FieldErrorList errors, List<PodSchedulingGate>? gates, List<PodSchedulingGate>? old, FieldPath path)
    {
        if (gates is not { Count: > 0 })
        {
            return;
        }

        var additional = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < gates.Count; i++)
        {
            additional[gates[i].Name] = i;
        }

        foreach (var g in old ?? [])
        {
            additional.Remove(g.Name);
        }

        foreach (var (name, index) in additional.OrderBy(kv => kv.Value))
        {
            errors.Add(FieldError.Forbidden(path.Index(index).Child("name"), "only deletion is allowed, but found new scheduling gate '" + name + "'"));
        }
    }

    /// <summary>The (never written) annotations of a pod without any.</summary>
    private static readonly Dictionary<string, string> NoAnnotations = new(StringComparer.Ordinal);

    private static void SpecificAnnotationUpdates(FieldErrorList errors, Pod pod, Pod old, FieldPath path)
    {
        const string mirror = "kubernetes.io/config.mirror";
        const string appArmorPrefix = "container.apparmor.security.beta.kubernetes.io/";
        var newAnnotations = pod.Metadata.Annotations ?? NoAnnotations;
        var oldAnnotations = old.Metadata.Annotations ?? NoAnnotations;
        foreach (var key in CommonValidation.SortedKeys(oldAnnotations))
        {
            if (newAnnotations.TryGetValue(key, out var nv) && nv == oldAnnotations[key])
            {
                continue;
            }

            if (key.StartsWith(appArmorPrefix, StringComparison.Ordinal))
            {
                errors.Add(FieldError.Forbidden(path.Key(key), "may not remove or update AppArmor annotations"));
            }

            if (key == mirror)
            {
                errors.Add(FieldError.Forbidden(path.Key(key), "may not remove or update mirror pod annotation"));
            }
        }

        foreach (var key in CommonValidation.SortedKeys(newAnnotations))
        {
            if (oldAnnotations.ContainsKey(key))
            {
                continue;
            }

            if (key.StartsWith(appArmorPrefix, StringComparison.Ordinal))
            {
                errors.Add(FieldError.Forbidden(path.Key(key), "may not add AppArmor annotations"));
            }

            if (key == mirror)
            {
                errors.Add(FieldError.Forbidden(path.Key(key), "may not add mirror pod annotation"));
            }
        }

        SpecificAnnotations(errors, pod.Metadata.Annotations, pod.Spec, path);
    }

    private static void ContainerStateTransition(FieldErrorList errors, List<ContainerStatus>? statuses, List<ContainerStatus>? old, FieldPath path, string restartPolicy, List<Container>? initContainers, bool init)
    {
        if (restartPolicy == "Always")
        {
            return;
        }

        for (var i = 0; i < (old?.Count ?? 0); i++)
        {
            var o = old![i];
            if (o.State.Terminated is not { } terminated)
            {
                continue;
            }

            if (terminated.ExitCode != 0 && restartPolicy == "OnFailure")
            {
                continue;
            }

            if (init && (initContainers ?? []).Any(c => c.Name == o.Name && c.RestartPolicy == "Always"))
            {
                continue;
            }

            foreach (var n in statuses ?? [])
            {
                if (n.Name == o.Name && n.State.Terminated is null)
                {
                    errors.Add(FieldError.Forbidden(path.Index(i).Child("state"), "may not be transitioned to non-terminated state"));
                }
            }
        }
    }
}

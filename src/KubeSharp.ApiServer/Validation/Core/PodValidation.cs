using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>
/// upstream's Pod rules (<c>ValidatePodCreate</c>, <c>ValidatePodSpec</c>, <c>ValidatePodTemplateSpec</c>, ...
/// in <c>pkg/apis/core/validation/validation.go</c>), over the v1 types. Paths and messages are upstream's,
/// including those that name internal fields (for example <c>spec.securityContext.shareProcessNamespace</c>).
/// </summary>
public static partial class PodValidation
{
    /// <summary>Pod names are DNS subdomains.</summary>
    public static NameValidator NameValidator => ObjectMetaValidation.DnsSubdomain;

    /// <summary>upstream <c>ValidatePodCreate</c>.</summary>
    public static FieldErrorList ValidateCreate(Pod pod, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var errors = ValidateMetadataAndSpec(pod, options);
        var spec = FieldPath.Root("spec");
        if (pod.Spec.EphemeralContainers is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(spec.Child("ephemeralContainers"), "cannot be set on create"));
        }

        if (pod.Spec.NodeName.Length != 0 && pod.Spec.SchedulingGates is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(spec.Child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidatePodTemplate</c> (the PodTemplate kind).</summary>
    public static FieldErrorList ValidatePodTemplate(PodTemplate template, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = ObjectMetaValidation.Validate(template.Metadata, true, NameValidator, FieldPath.Root("metadata"));
        errors.AddRange(ValidateTemplateSpec(template.Template, FieldPath.Root("template"), options));
        return errors;
    }

    /// <summary>upstream <c>ValidatePodTemplateUpdate</c>.</summary>
    public static FieldErrorList ValidatePodTemplateUpdate(PodTemplate template, PodTemplate old, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(template.Metadata, old.Metadata, FieldPath.Root("metadata"));
        errors.AddRange(ValidateTemplateSpec(template.Template, FieldPath.Root("template"), options));
        return errors;
    }

    /// <summary>upstream <c>ValidatePodTemplateSpec</c>: template labels, annotations and the pod spec.</summary>
    public static FieldErrorList ValidateTemplateSpec(PodTemplateSpec template, FieldPath path, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(path);
        var errors = new FieldErrorList();
        CommonValidation.Labels(errors, template.Metadata.Labels, path.Child("labels"));
        CommonValidation.Annotations(errors, template.Metadata.Annotations, path.Child("annotations"));
        SpecificAnnotations(errors, template.Metadata.Annotations, template.Spec, path.Child("annotations"));
        errors.AddRange(ValidateSpec(template.Spec, null, path.Child("spec"), options, resourceIsPod: false));
        if (template.Spec.EphemeralContainers is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(path.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
        }

        return errors;
    }

    /// <summary>upstream <c>validatePodMetadataAndSpec</c>.</summary>
    internal static FieldErrorList ValidateMetadataAndSpec(Pod pod, ValidationOptions options)
    {
        var meta = FieldPath.Root("metadata");
        var specPath = FieldPath.Root("spec");
        var errors = ObjectMetaValidation.Validate(pod.Metadata, true, NameValidator, meta);
        SpecificAnnotations(errors, pod.Metadata.Annotations, pod.Spec, meta.Child("annotations"));
        errors.AddRange(ValidateSpec(pod.Spec, pod.Metadata, specPath, options, resourceIsPod: true));
        if (pod.Spec.ServiceAccountName.Length == 0)
        {
            for (var vi = 0; vi < (pod.Spec.Volumes?.Count ?? 0); vi++)
            {
                var projected = pod.Spec.Volumes![vi].Projected;
                for (var si = 0; si < (projected?.Sources?.Count ?? 0); si++)
                {
                    if (projected!.Sources![si].ServiceAccountToken is not null)
                    {
                        errors.Add(FieldError.Forbidden(
                            specPath.Child("volumes").Index(vi).Child("projected").Child("sources").Index(si).Child("serviceAccountToken"),
                            "must not be specified when serviceAccountName is not set"));
                    }
                }
            }
        }

        ContainersOnlyForPod(errors, pod.Spec.Containers, specPath.Child("containers"));
        ContainersOnlyForPod(errors, pod.Spec.InitContainers, specPath.Child("initContainers"));
        return errors;
    }

    /// <summary>upstream <c>ValidatePodSpecificAnnotations</c> (mirror-pod and deletion-cost rules).</summary>
    internal static void SpecificAnnotations(FieldErrorList errors, Dictionary<string, string>? annotations, PodSpec spec, FieldPath path)
    {
        if (annotations is null)
        {
            return;
        }

        if (annotations.TryGetValue("kubernetes.io/config.mirror", out var mirror) && spec.NodeName.Length == 0)
        {
            errors.Add(FieldError.Invalid(path.Key("kubernetes.io/config.mirror"), mirror, "must set spec.nodeName if mirror pod annotation is set"));
        }

        if (annotations.TryGetValue("controller.kubernetes.io/pod-deletion-cost", out var cost)
            && !int.TryParse(cost, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            errors.Add(FieldError.Invalid(path.Key("controller.kubernetes.io/pod-deletion-cost"), cost, "must be a 32bit integer"));
        }
    }

    /// <summary>
    /// upstream <c>ValidatePodSpec</c>. <paramref name="podMeta"/> is the pod's metadata for a real pod, null
    /// for templates; <paramref name="resourceIsPod"/> is upstream's <c>opts.ResourceIsPod</c>.
    /// </summary>
    public static FieldErrorList ValidateSpec(PodSpec spec, ObjectMeta? podMeta, FieldPath path, ValidationOptions options, bool resourceIsPod)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new FieldErrorList();
        if (spec.TerminationGracePeriodSeconds is null)
        {
            errors.Add(FieldError.Required(path.Child("terminationGracePeriodSeconds"), string.Empty));
        }

        var context = new PodSpecContext(spec, options);
        var volumes = ValidateVolumes(errors, spec.Volumes, podMeta, path.Child("volumes"));
        context.Volumes = volumes;
        ValidatePodResourceClaims(errors, spec.ResourceClaims, path.Child("resourceClaims"));
        ValidateContainers(errors, spec.Containers, context, path.Child("containers"));
        ValidateInitContainers(errors, spec.InitContainers, spec.Containers, context, path.Child("initContainers"));
        ValidateEphemeralContainers(errors, spec.EphemeralContainers, spec.Containers, spec.InitContainers, context, path.Child("ephemeralContainers"));
        HostNetworkDeps(errors, spec, path, resourceIsPod);
        RestartPolicy(errors, spec.RestartPolicy, path.Child("restartPolicy"));
        DnsPolicy(errors, spec.DnsPolicy, path.Child("dnsPolicy"));
        CommonValidation.Labels(errors, spec.NodeSelector, path.Child("nodeSelector"));
        PodSecurityContextRules(errors, spec, path.Child("securityContext"));
        // imagePullSecrets: v1 references only carry a name, so upstream's "only name may be set" cannot trigger.
        Affinity(errors, spec.Affinity, path.Child("affinity"));
        DnsConfig(errors, spec.DnsConfig, spec.DnsPolicy, path.Child("dnsConfig"));
        ReadinessGates(errors, spec.ReadinessGates, path.Child("readinessGates"));
        SchedulingGates(errors, spec.SchedulingGates, path.Child("schedulingGates"));
        TopologySpreadConstraints(errors, spec.TopologySpreadConstraints, path.Child("topologySpreadConstraints"));
        HostUsers(errors, spec, path);
        if (spec.ServiceAccountName.Length > 0)
        {
            CommonValidation.Name(errors, ObjectMetaValidation.DnsSubdomain, spec.ServiceAccountName, path.Child("serviceAccountName"));
        }

        if (spec.NodeName.Length > 0)
        {
            CommonValidation.Name(errors, ObjectMetaValidation.DnsSubdomain, spec.NodeName, path.Child("nodeName"));
        }

        if (spec.ActiveDeadlineSeconds is { } ads && (ads < 1 || ads > int.MaxValue))
        {
            errors.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), ads, ValidationMessages.InclusiveRangeError(1, int.MaxValue)));
        }

        if (spec.Hostname.Length > 0)
        {
            CommonValidation.DNS1123Label(errors, spec.Hostname, path.Child("hostname"));
        }

        if (spec.Subdomain.Length > 0)
        {
            CommonValidation.DNS1123Label(errors, spec.Subdomain, path.Child("subdomain"));
        }

        if (spec.Tolerations is { Count: > 0 })
        {
            Tolerations(errors, spec.Tolerations, path.Child("tolerations"));
        }

        if (spec.HostAliases is { Count: > 0 })
        {
            HostAliases(errors, spec.HostAliases, path.Child("hostAliases"));
        }

        if (spec.PriorityClassName.Length > 0)
        {
            CommonValidation.Name(errors, ObjectMetaValidation.DnsSubdomain, spec.PriorityClassName, path.Child("priorityClassName"));
        }

        if (spec.RuntimeClassName is { } runtimeClass)
        {
            CommonValidation.Name(errors, ObjectMetaValidation.DnsSubdomain, runtimeClass, path.Child("runtimeClassName"));
        }

        if (spec.PreemptionPolicy is { } preemption)
        {
            PreemptionPolicy(errors, preemption, path.Child("preemptionPolicy"));
        }

        if (spec.Overhead is not null)
        {
            ResourceRequirementsRules(errors, new ResourceRequirements { Limits = spec.Overhead }, null, path.Child("overhead"));
        }

        if (spec.Os is { } os)
        {
            OsRules(errors, spec, os, path);
        }

        return errors;
    }

    /// <summary>upstream <c>ValidatePreemptionPolicy</c>.</summary>
    public static void PreemptionPolicy(FieldErrorList errors, string policy, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (policy)
        {
            case "PreemptLowerPriority":
            case "Never":
                break;
            case "":
                errors.Add(FieldError.Required(path, string.Empty));
                break;
            default:
                errors.Add(FieldError.NotSupported(path, policy, ["PreemptLowerPriority", "Never"]));
                break;
        }
    }

    private static void RestartPolicy(FieldErrorList errors, string policy, FieldPath path)
    {
        switch (policy)
        {
            case "Always":
            case "OnFailure":
            case "Never":
                break;
            case "":
                errors.Add(FieldError.Required(path, string.Empty));
                break;
            default:
                errors.Add(FieldError.NotSupported(path, policy, ["Always", "OnFailure", "Never"]));
                break;
        }
    }

    private static void DnsPolicy(FieldErrorList errors, string policy, FieldPath path)
    {
        switch (policy)
        {
            case "ClusterFirstWithHostNet":
            case "ClusterFirst":
            case "Default":
            case "None":
                break;
            case "":
                errors.Add(FieldError.Required(path, string.Empty));
                break;
            default:
                errors.Add(FieldError.NotSupported(path, policy, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]));
                break;
        }
    }

    private static void HostNetworkDeps(FieldErrorList errors, PodSpec spec, FieldPath path, bool resourceIsPod)
    {
        if (!spec.HostNetwork)
        {
            return;
        }

        var containers = path.Child("containers");
        for (var i = 0; i < (spec.Containers?.Count ?? 0); i++)
        {
            var ports = spec.Containers![i].Ports;
            for (var j = 0; j < (ports?.Count ?? 0); j++)
            {
                var port = ports![j];
                if ((resourceIsPod || port.HostPort != 0) && port.HostPort != port.ContainerPortValue)
                {
                    errors.Add(FieldError.Invalid(containers.Index(i).Child("ports").Index(j).Child("hostPort"), port.HostPort,
                        "must match `containerPort` when `hostNetwork` is true"));
                }
            }
        }
    }

    private static void HostUsers(FieldErrorList errors, PodSpec spec, FieldPath path)
    {
        if (spec.HostUsers is not false)
        {
            return;
        }

        if (spec.HostNetwork)
        {
            errors.Add(FieldError.Forbidden(path.Child("hostNetwork"), "when `pod.Spec.HostUsers` is false"));
        }

        if (spec.HostPID)
        {
            errors.Add(FieldError.Forbidden(path.Child("HostPID"), "when `pod.Spec.HostUsers` is false"));
        }

        if (spec.HostIPC)
        {
            errors.Add(FieldError.Forbidden(path.Child("HostIPC"), "when `pod.Spec.HostUsers` is false"));
        }
    }

    private static void OsRules(FieldErrorList errors, PodSpec spec, PodOS os, FieldPath path)
    {
        if (os.Name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("os").Child("name"), "cannot be empty"));
            return;
        }

        if (os.Name is not ("linux" or "windows"))
        {
            errors.Add(FieldError.NotSupported(path.Child("os"), os.Name, ["linux", "windows"]));
            return;
        }

        if (os.Name == "linux")
        {
            if (spec.SecurityContext?.WindowsOptions is not null)
            {
                errors.Add(FieldError.Forbidden(path.Child("securityContext").Child("windowsOptions"), "windows options cannot be set for a linux pod"));
            }

            foreach (var (container, containerPath) in AllContainers(spec, path))
            {
                if (container.SecurityContext?.WindowsOptions is not null)
                {
                    errors.Add(FieldError.Forbidden(containerPath.Child("securityContext").Child("windowsOptions"), "windows options cannot be set for a linux pod"));
                }
            }
        }
    }

    /// <summary>upstream <c>podshelper.VisitContainersWithPath</c>: init, regular, then ephemeral containers.</summary>
    internal static IEnumerable<(Container Container, FieldPath Path)> AllContainers(PodSpec spec, FieldPath path)
    {
        for (var i = 0; i < (spec.InitContainers?.Count ?? 0); i++)
        {
            yield return (spec.InitContainers![i], path.Child("initContainers").Index(i));
        }

        for (var i = 0; i < (spec.Containers?.Count ?? 0); i++)
        {
            yield return (spec.Containers![i], path.Child("containers").Index(i));
        }

        for (var i = 0; i < (spec.EphemeralContainers?.Count ?? 0); i++)
        {
            yield return (ToContainer(spec.EphemeralContainers![i]), path.Child("ephemeralContainers").Index(i));
        }
    }

    /// <summary>Per-spec state shared by the container validators.</summary>
    internal sealed class PodSpecContext(PodSpec spec, ValidationOptions options)
    {
        public PodSpec Spec { get; } = spec;

        public ValidationOptions Options { get; } = options;

        /// <summary>The pod's volumes by name (set from <c>ValidateVolumes</c> before the containers are checked).</summary>
        public Dictionary<string, Volume> Volumes { get; set; } = null!;

        public HashSet<string> PodClaimNames { get; } = ClaimNames(spec.ResourceClaims);

        private static HashSet<string> ClaimNames(List<PodResourceClaim>? claims)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var claim in claims ?? [])
            {
                if (claim.Name.Length != 0)
                {
                    names.Add(claim.Name);
                }
            }

            return names;
        }

        public long? GracePeriod => Spec.TerminationGracePeriodSeconds;

        public bool HostUsers => Spec.HostUsers is not false;
    }
}

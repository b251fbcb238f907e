using System.Globalization;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    private static readonly string[] SupportedPortProtocols = ["SCTP", "TCP", "UDP"];

    /// <summary>The (never written) path map of a container without mounts or devices.</summary>
    private static readonly Dictionary<string, string> NoPaths = new(StringComparer.Ordinal);

    private static void ValidateContainers(FieldErrorList errors, List<Container>? containers, PodSpecContext context, FieldPath path)
    {
        if (containers is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(path, string.Empty));
            return;
        }

        // A single container cannot repeat a name: no set for it.
        var names = containers.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var p = path.Index(i);
            ContainerCommon(errors, container, context, p);
            if (names is not null && !names.Add(container.Name))
            {
                errors.Add(FieldError.Duplicate(p.Child("name"), container.Name));
            }

            if (container.Lifecycle is not null)
            {
                LifecycleRules(errors, container.Lifecycle, context.GracePeriod, p.Child("lifecycle"));
            }

            LivenessProbe(errors, container.LivenessProbe, p.Child("livenessProbe"));
            ReadinessProbe(errors, container.ReadinessProbe, p.Child("readinessProbe"));
            StartupProbe(errors, container.StartupProbe, p.Child("startupProbe"));
            if (container.RestartPolicy is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("restartPolicy"), "may not be set for non-init containers"));
            }
        }

        HostPortConflicts(errors, containers, path);
    }

    /// <summary>upstream <c>validateContainerCommon</c>.</summary>
    private static void ContainerCommon(FieldErrorList errors, Container container, PodSpecContext context, FieldPath path)
    {
        if (container.Name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), string.Empty));
        }
        else
        {
            CommonValidation.DNS1123Label(errors, container.Name, path.Child("name"));
        }

        if (container.Image.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("image"), string.Empty));
        }

        switch (container.TerminationMessagePolicy)
        {
            case "File":
            case "FallbackToLogsOnError":
                break;
            case "":
                errors.Add(FieldError.Required(path.Child("terminationMessagePolicy"), string.Empty));
                break;
            default:
                errors.Add(FieldError.NotSupported(path.Child("terminationMessagePolicy"), container.TerminationMessagePolicy, ["File", "FallbackToLogsOnError"]));
                break;
        }

        // Each map is read only by the other list's checks: built when both lists have entries.
        var mountMap = NoPaths;
        var deviceMap = NoPaths;
        if (container.VolumeMounts is { Count: > 0 } && container.VolumeDevices is { Count: > 0 })
        {
            mountMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var m in container.VolumeMounts)
            {
                mountMap[m.Name] = m.MountPath;
            }

            deviceMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var d in container.VolumeDevices)
            {
                deviceMap[d.Name] = d.DevicePath;
            }
        }

        ContainerPorts(errors, container.Ports, path.Child("ports"));
        Env(errors, container.Env, path.Child("env"));
        EnvFrom(errors, container.EnvFrom, path.Child("envFrom"));
        VolumeMounts(errors, container.VolumeMounts, deviceMap, context.Volumes, container, path.Child("volumeMounts"));
        VolumeDevices(errors, container.VolumeDevices, mountMap, context.Volumes, path.Child("volumeDevices"));
        PullPolicy(errors, container.ImagePullPolicy, path.Child("imagePullPolicy"));
        ResourceRequirementsRules(errors, container.Resources, context.PodClaimNames, path.Child("resources"));
        ResizePolicy(errors, container.ResizePolicy, path.Child("resizePolicy"), context.Spec.RestartPolicy);
        SecurityContextRules(errors, container.SecurityContext, path.Child("securityContext"), context.HostUsers, context.Options);
    }

    private static void ContainersOnlyForPod(FieldErrorList errors, List<Container>? containers, FieldPath path)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            ContainerOnlyForPod(errors, containers![i], path.Index(i));
        }
    }

    private static void ContainerOnlyForPod(FieldErrorList errors, Container container, FieldPath path)
    {
        if (container.Image.Length != container.Image.Trim().Length)
        {
            errors.Add(FieldError.Invalid(path.Child("image"), container.Image, "must not have leading or trailing whitespace"));
        }
    }

    private static void PullPolicy(FieldErrorList errors, string policy, FieldPath path)
    {
        switch (policy)
        {
            case "Always":
            case "IfNotPresent":
            case "Never":
                break;
            case "":
                errors.Add(FieldError.Required(path, string.Empty));
                break;
            default:
                errors.Add(FieldError.NotSupported(path, policy, ["Always", "IfNotPresent", "Never"]));
                break;
        }
    }

    private static void ResizePolicy(FieldErrorList errors, List<ContainerResizePolicy>? policies, FieldPath path, string podRestartPolicy)
    {
        if (policies is not { Count: > 0 })
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (policies?.Count ?? 0); i++)
        {
            var p = policies![i];
            if (!seen.Add(p.ResourceName))
            {
                errors.Add(FieldError.Duplicate(path.Index(i), p.ResourceName));
            }

            switch (p.ResourceName)
            {
                case "cpu":
                case "memory":
                    break;
                case "":
                    errors.Add(FieldError.Required(path, string.Empty));
                    break;
                default:
                    errors.Add(FieldError.NotSupported(path, p.ResourceName, ["cpu", "memory"]));
                    break;
            }

            switch (p.RestartPolicy)
            {
                case "NotRequired":
                case "RestartContainer":
                    break;
                case "":
                    errors.Add(FieldError.Required(path, string.Empty));
                    break;
                default:
                    errors.Add(FieldError.NotSupported(path, p.RestartPolicy, ["NotRequired", "RestartContainer"]));
                    break;
            }

            if (podRestartPolicy == "Never" && p.RestartPolicy != "NotRequired")
            {
                errors.Add(FieldError.Invalid(path, p.RestartPolicy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
            }
        }
    }

    /// <summary>upstream <c>validateContainerPorts</c>.</summary>
    private static void ContainerPorts(FieldErrorList errors, List<ContainerPort>? ports, FieldPath path)
    {
        if (ports is not { Count: > 0 })
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            var p = path.Index(i);
            if (port.Name.Length > 0)
            {
                var msgs = ValueValidation.IsValidPortName(port.Name);
                if (msgs.Count != 0)
                {
                    foreach (var msg in msgs)
                    {
                        errors.Add(FieldError.Invalid(p.Child("name"), port.Name, msg));
                    }
                }
                else if (!names.Add(port.Name))
                {
                    errors.Add(FieldError.Duplicate(p.Child("name"), port.Name));
                }
            }

            if (port.ContainerPortValue == 0)
            {
                errors.Add(FieldError.Required(p.Child("containerPort"), string.Empty));
            }
            else
            {
                foreach (var msg in ValueValidation.IsValidPortNum(port.ContainerPortValue))
                {
                    errors.Add(FieldError.Invalid(p.Child("containerPort"), port.ContainerPortValue, msg));
                }
            }

            if (port.HostPort != 0)
            {
                foreach (var msg in ValueValidation.IsValidPortNum(port.HostPort))
                {
                    errors.Add(FieldError.Invalid(p.Child("hostPort"), port.HostPort, msg));
                }
            }

            if (port.Protocol.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("protocol"), string.Empty));
            }
            else if (!SupportedPortProtocols.Contains(port.Protocol, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported(p.Child("protocol"), port.Protocol, SupportedPortProtocols));
            }
        }
    }

    private static void HostPortConflicts(FieldErrorList errors, List<Container> containers, FieldPath path)
    {
        HashSet<string>? seen = null;
        for (var ci = 0; ci < containers.Count; ci++)
        {
            var ports = containers[ci].Ports;
            for (var pi = 0; pi < (ports?.Count ?? 0); pi++)
            {
                var port = ports![pi];
                if (port.HostPort == 0)
                {
                    continue;
                }

                var key = string.Create(CultureInfo.InvariantCulture, $"{port.Protocol}/{port.HostIP}/{port.HostPort}");
                if (!(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(key))
                {
                    errors.Add(FieldError.Duplicate(path.Index(ci).Child("ports").Index(pi).Child("hostPort"), key));
                }
            }
        }
    }

    /// <summary>upstream <c>ValidatePortNumOrName</c>.</summary>
    internal static void PortNumOrName(FieldErrorList errors, KubeSharp.Api.IntOrString port, FieldPath path)
    {
        if (port.IsInt)
        {
            foreach (var msg in ValueValidation.IsValidPortNum(port.IntValue))
            {
                errors.Add(FieldError.Invalid(path, port.IntValue, msg));
            }
        }
        else
        {
            foreach (var msg in ValueValidation.IsValidPortName(port.StringValue))
            {
                errors.Add(FieldError.Invalid(path, port.StringValue, msg));
            }
        }
    }
}

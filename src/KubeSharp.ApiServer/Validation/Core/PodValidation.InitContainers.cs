using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    private static void ValidateInitContainers(FieldErrorList errors, List<Container>? containers, List<Container>? regular, PodSpecContext context, FieldPath path)
    {
        if (containers is not { Count: > 0 })
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in regular ?? [])
        {
            names.Add(c.Name);
        }

        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var container = containers![i];
            var p = path.Index(i);
            ContainerCommon(errors, container, context, p);
            var restartAlways = false;
            if (container.RestartPolicy is { } restart)
            {
                if (restart != "Always")
                {
                    errors.Add(FieldError.NotSupported(p.Child("restartPolicy"), restart, ["Always"]));
                }

                restartAlways = restart == "Always";
            }

            if (names.Contains(container.Name))
            {
                errors.Add(FieldError.Duplicate(p.Child("name"), container.Name));
            }
            else if (container.Name.Length > 0)
            {
                names.Add(container.Name);
            }

            HostPortConflicts(errors, [container], path);
            if (restartAlways)
            {
                if (container.Lifecycle is not null)
                {
                    LifecycleRules(errors, container.Lifecycle, context.GracePeriod, p.Child("lifecycle"));
                }

                LivenessProbe(errors, container.LivenessProbe, p.Child("livenessProbe"));
                ReadinessProbe(errors, container.ReadinessProbe, p.Child("readinessProbe"));
                StartupProbe(errors, container.StartupProbe, p.Child("startupProbe"));
            }
            else
            {
                const string notAllowed = "may not be set for init containers without restartPolicy=Always";
                if (container.Lifecycle is not null)
                {
                    errors.Add(FieldError.Forbidden(p.Child("lifecycle"), notAllowed));
                }

                if (container.LivenessProbe is not null)
                {
                    errors.Add(FieldError.Forbidden(p.Child("livenessProbe"), notAllowed));
                }

                if (container.ReadinessProbe is not null)
                {
                    errors.Add(FieldError.Forbidden(p.Child("readinessProbe"), notAllowed));
                }

                if (container.StartupProbe is not null)
                {
                    errors.Add(FieldError.Forbidden(p.Child("startupProbe"), notAllowed));
                }
            }

            if (container.ResizePolicy is { Count: > 0 })
            {
                errors.Add(FieldError.Invalid(p.Child("resizePolicy"), new GoValue("[]core.ContainerResizePolicy{...}"), "must not be set for init containers"));
            }
        }
    }

    private static void ValidateEphemeralContainers(FieldErrorList errors, List<EphemeralContainer>? ephemeral, List<Container>? containers, List<Container>? initContainers, PodSpecContext context, FieldPath path)
    {
        if (ephemeral is not { Count: > 0 })
        {
            return;
        }

        var others = new HashSet<string>((containers ?? []).Concat(initContainers ?? []).Select(c => c.Name), StringComparer.Ordinal);
        var all = new HashSet<string>(others, StringComparer.Ordinal);
        for (var i = 0; i < ephemeral.Count; i++)
        {
            var ec = ephemeral[i];
            var p = path.Index(i);
            var container = ToContainer(ec);
            ContainerCommon(errors, container, context, p);
            ContainerOnlyForPod(errors, container, p);
            if (!all.Add(ec.Name))
            {
                errors.Add(FieldError.Duplicate(p.Child("name"), ec.Name));
            }

            if (ec.TargetContainerName.Length != 0 && !others.Contains(ec.TargetContainerName))
            {
                errors.Add(FieldError.NotFound(p.Child("targetContainerName"), ec.TargetContainerName));
            }

            const string forbidden = "cannot be set for an Ephemeral Container";
            if (ec.Ports is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("ports"), forbidden));
            }

            if (ec.Resources.Limits is not null || ec.Resources.Requests is not null || ec.Resources.Claims is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("resources"), forbidden));
            }

            if (ec.ResizePolicy is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("resizePolicy"), forbidden));
            }

            if (ec.RestartPolicy is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("restartPolicy"), forbidden));
            }

            if (ec.LivenessProbe is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("livenessProbe"), forbidden));
            }

            if (ec.ReadinessProbe is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("readinessProbe"), forbidden));
            }

            if (ec.StartupProbe is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("startupProbe"), forbidden));
            }

            if (ec.Lifecycle is not null)
            {
                errors.Add(FieldError.Forbidden(p.Child("lifecycle"), forbidden));
            }

            for (var m = 0; m < (ec.VolumeMounts?.Count ?? 0); m++)
            {
                if (ec.VolumeMounts![m].SubPath.Length != 0)
                {
                    errors.Add(FieldError.Forbidden(p.Child("volumeMounts").Index(m).Child("subPath"), forbidden));
                }

                if (ec.VolumeMounts[m].SubPathExpr.Length != 0)
                {
                    errors.Add(FieldError.Forbidden(p.Child("volumeMounts").Index(m).Child("subPathExpr"), forbidden));
                }
            }
        }
    }

    /// <summary>An ephemeral container viewed as a container (upstream converts the common part).</summary>
    internal static Container ToContainer(EphemeralContainer ec) => new()
    {
        Name = ec.Name,
        Image = ec.Image,
        Command = ec.Command,
        Args = ec.Args,
        WorkingDir = ec.WorkingDir,
        Ports = ec.Ports,
        EnvFrom = ec.EnvFrom,
        Env = ec.Env,
        Resources = ec.Resources,
        ResizePolicy = ec.ResizePolicy,
        RestartPolicy = ec.RestartPolicy,
        VolumeMounts = ec.VolumeMounts,
        VolumeDevices = ec.VolumeDevices,
        LivenessProbe = ec.LivenessProbe,
        ReadinessProbe = ec.ReadinessProbe,
        StartupProbe = ec.StartupProbe,
        Lifecycle = ec.Lifecycle,
        TerminationMessagePath = ec.TerminationMessagePath,
        TerminationMessagePolicy = ec.TerminationMessagePolicy,
        ImagePullPolicy = ec.ImagePullPolicy,
        SecurityContext = ec.SecurityContext,
        Stdin = ec.Stdin,
        StdinOnce = ec.StdinOnce,
        Tty = ec.Tty,
    };
}

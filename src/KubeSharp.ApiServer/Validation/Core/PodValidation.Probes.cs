using System.Globalization;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    private static void LivenessProbe(FieldErrorList errors, Probe? probe, FieldPath path)
    {
        if (probe is null)
        {
            return;
        }

        ProbeRules(errors, probe, path);
        if (probe.SuccessThreshold != 1)
        {
            errors.Add(FieldError.Invalid(path.Child("successThreshold"), probe.SuccessThreshold, "must be 1"));
        }
    }

    private static void ReadinessProbe(FieldErrorList errors, Probe? probe, FieldPath path)
    {
        if (probe is null)
        {
            return;
        }

        ProbeRules(errors, probe, path);
        if (probe.TerminationGracePeriodSeconds is { } tgps)
        {
            errors.Add(FieldError.Invalid(path.Child("terminationGracePeriodSeconds"), tgps, "must not be set for readinessProbes"));
        }
    }

    private static void StartupProbe(FieldErrorList errors, Probe? probe, FieldPath path)
    {
        if (probe is null)
        {
            return;
        }

        ProbeRules(errors, probe, path);
        if (probe.SuccessThreshold != 1)
        {
            errors.Add(FieldError.Invalid(path.Child("successThreshold"), probe.SuccessThreshold, "must be 1"));
        }
    }

    /// <summary>upstream <c>validateProbe</c>.</summary>
    private static void ProbeRules(FieldErrorList errors, Probe probe, FieldPath path)
    {
        Handler(errors, probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc, null, null, path);
        CommonValidation.NonNegative(errors, probe.InitialDelaySeconds, path.Child("initialDelaySeconds"));
        CommonValidation.NonNegative(errors, probe.TimeoutSeconds, path.Child("timeoutSeconds"));
        CommonValidation.NonNegative(errors, probe.PeriodSeconds, path.Child("periodSeconds"));
        CommonValidation.NonNegative(errors, probe.SuccessThreshold, path.Child("successThreshold"));
        CommonValidation.NonNegative(errors, probe.FailureThreshold, path.Child("failureThreshold"));
        if (probe.TerminationGracePeriodSeconds is { } tgps && tgps <= 0)
        {
            errors.Add(FieldError.Invalid(path.Child("terminationGracePeriodSeconds"), tgps, "must be greater than 0"));
        }
    }

    /// <summary>upstream <c>validateLifecycle</c>.</summary>
    private static void LifecycleRules(FieldErrorList errors, Lifecycle lifecycle, long? gracePeriod, FieldPath path)
    {
        if (lifecycle.PostStart is { } postStart)
        {
            Handler(errors, postStart.Exec, postStart.HttpGet, postStart.TcpSocket, null, postStart.Sleep, gracePeriod, path.Child("postStart"));
        }

        if (lifecycle.PreStop is { } preStop)
        {
            Handler(errors, preStop.Exec, preStop.HttpGet, preStop.TcpSocket, null, preStop.Sleep, gracePeriod, path.Child("preStop"));
        }
    }

    /// <summary>upstream <c>validateHandler</c>: exactly one handler type.</summary>
    private static void Handler(FieldErrorList errors, ExecAction? exec, HTTPGetAction? httpGet, TCPSocketAction? tcp, GRPCAction? grpc, SleepAction? sleep, long? gracePeriod, FieldPath path)
    {
        const string moreThanOne = "may not specify more than 1 handler type";
        var count = 0;
        if (exec is not null)
        {
            count++;
            if (exec.Command is not { Count: > 0 })
            {
                errors.Add(FieldError.Required(path.Child("exec").Child("command"), string.Empty));
            }
        }

        if (httpGet is not null)
        {
            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(path.Child("httpGet"), moreThanOne));
            }
            else
            {
                count++;
                HttpGet(errors, httpGet, path.Child("httpGet"));
            }
        }

        if (tcp is not null)
        {
            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(path.Child("tcpSocket"), moreThanOne));
            }
            else
            {
                count++;
                PortNumOrName(errors, tcp.Port, path.Child("tcpSocket").Child("port"));
            }
        }

        if (grpc is not null)
        {
            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(path.Child("grpc"), moreThanOne));
            }
            else
            {
                count++;
                foreach (var msg in ValueValidation.IsValidPortNum(grpc.Port))
                {
                    errors.Add(FieldError.Invalid(path.Child("grpc").Child("port"), grpc.Port, msg));
                }
            }
        }

        if (sleep is not null)
        {
            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(path.Child("sleep"), moreThanOne));
            }
            else
            {
                count++;
                if (gracePeriod is { } gp && (sleep.Seconds <= 0 || sleep.Seconds > gp))
                {
                    errors.Add(FieldError.Invalid(path.Child("sleep"), sleep.Seconds, string.Create(CultureInfo.InvariantCulture,
                        $"must be greater than 0 and less than terminationGracePeriodSeconds ({gp}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.")));
                }
            }
        }

        if (count == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a handler type"));
        }
    }

    private static void HttpGet(FieldErrorList errors, HTTPGetAction http, FieldPath path)
    {
        if (http.Path.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("path"), string.Empty));
        }

        PortNumOrName(errors, http.Port, path.Child("port"));
        if (http.Scheme is not ("HTTP" or "HTTPS"))
        {
            errors.Add(FieldError.NotSupported(path.Child("scheme"), http.Scheme, ["HTTP", "HTTPS"]));
        }

        foreach (var header in http.HttpHeaders ?? [])
        {
            foreach (var msg in ValueValidation.IsHTTPHeaderName(header.Name))
            {
                errors.Add(FieldError.Invalid(path.Child("httpHeaders"), header.Name, msg));
            }
        }
    }
}

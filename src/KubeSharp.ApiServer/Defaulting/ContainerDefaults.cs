using System.Runtime.InteropServices;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Defaults of one container (regular, init or ephemeral) and of what it holds: pull policy from the
/// image tag, termination message path and policy, port protocols, <c>fieldRef</c> API versions, resource
/// rounding, probes and lifecycle handlers (upstream's <c>SetDefaults_Container</c> and the nested
/// defaulters that <c>zz_generated.defaults.go</c> runs for each container).
/// </summary>
internal static class ContainerDefaults
{
    /// <summary>Upstream's <c>TerminationMessagePathDefault</c>.</summary>
    public const string TerminationMessagePathDefault = "/dev/termination-log";

    /// <summary>Defaults a regular or init container.</summary>
    public static void Apply(Container container)
    {
        if (container.ImagePullPolicy.Length == 0)
        {
            container.ImagePullPolicy = ImageReference.DefaultPullPolicy(container.Image);
        }
        if (container.TerminationMessagePath.Length == 0)
        {
            container.TerminationMessagePath = TerminationMessagePathDefault;
        }
        if (container.TerminationMessagePolicy.Length == 0)
        {
            container.TerminationMessagePolicy = TerminationMessagePolicy.TerminationMessageReadFile;
        }
        Parts(container.Ports, container.Env, container.Resources, container.Lifecycle,
            container.LivenessProbe, container.ReadinessProbe, container.StartupProbe);
    }

    /// <summary>Defaults an ephemeral container exactly as a regular one.</summary>
    public static void Apply(EphemeralContainer container)
    {
        if (container.ImagePullPolicy.Length == 0)
        {
            container.ImagePullPolicy = ImageReference.DefaultPullPolicy(container.Image);
        }
        if (container.TerminationMessagePath.Length == 0)
        {
            container.TerminationMessagePath = TerminationMessagePathDefault;
        }
        if (container.TerminationMessagePolicy.Length == 0)
        {
            container.TerminationMessagePolicy = TerminationMessagePolicy.TerminationMessageReadFile;
        }
        Parts(container.Ports, container.Env, container.Resources, container.Lifecycle,
            container.LivenessProbe, container.ReadinessProbe, container.StartupProbe);
    }

    /// <summary>Upstream's <c>SetDefaults_ObjectFieldSelector</c>: <c>apiVersion: v1</c>.</summary>
    public static void FieldRef(ObjectFieldSelector? selector)
    {
        if (selector is not null && selector.ApiVersion.Length == 0)
        {
            selector.ApiVersion = "v1";
        }
    }

    /// <summary>Upstream's <c>SetDefaults_HTTPGetAction</c>: path <c>/</c>, scheme <c>HTTP</c>.</summary>
    public static void HttpGet(HTTPGetAction? action)
    {
        if (action is null)
        {
            return;
        }
        if (action.Path.Length == 0)
        {
            action.Path = "/";
        }
        if (action.Scheme.Length == 0)
        {
            action.Scheme = URIScheme.URISchemeHTTP;
        }
    }

    private static void Parts(List<ContainerPort>? ports, List<EnvVar>? env, ResourceRequirements resources,
        Lifecycle? lifecycle, Probe? liveness, Probe? readiness, Probe? startup)
    {
        foreach (var port in CollectionsMarshal.AsSpan(ports))
        {
            // +default="TCP" on ContainerPort.protocol.
            if (port.Protocol.Length == 0)
            {
                port.Protocol = Protocol.ProtocolTCP;
            }
        }
        foreach (var variable in CollectionsMarshal.AsSpan(env))
        {
            if (variable.ValueFrom is { } source)
            {
                FieldRef(source.FieldRef);
                // +default=false on FileKeySelector.optional (a field newer than v1.32).
                if (source.FileKeyRef is { Optional: null } fileKey)
                {
                    fileKey.Optional = false;
                }
            }
        }
        ResourceLists.RoundUp(resources.Limits);
        ResourceLists.RoundUp(resources.Requests);
        Probe(liveness);
        Probe(readiness);
        Probe(startup);
        if (lifecycle is not null)
        {
            HttpGet(lifecycle.PostStart?.HttpGet);
            HttpGet(lifecycle.PreStop?.HttpGet);
        }
    }

    // Upstream's SetDefaults_Probe plus the HTTPGet defaulter and +default="" on GRPCAction.service.
    private static void Probe(Probe? probe)
    {
        if (probe is null)
        {
            return;
        }
        if (probe.TimeoutSeconds == 0)
        {
            probe.TimeoutSeconds = 1;
        }
        if (probe.PeriodSeconds == 0)
        {
            probe.PeriodSeconds = 10;
        }
        if (probe.SuccessThreshold == 0)
        {
            probe.SuccessThreshold = 1;
        }
        if (probe.FailureThreshold == 0)
        {
            probe.FailureThreshold = 3;
        }
        HttpGet(probe.HttpGet);
        if (probe.Grpc is { Service: null } grpc)
        {
            grpc.Service = "";
        }
    }
}

using KubeSharp.Api;
using KubeSharp.Api.Core.V1;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A pod's effective requests (k8s.io/component-helpers/resource <c>PodRequests</c>): the sum of the regular
/// containers and the sidecars (restartable init containers), at least the largest init container plus the sidecars
/// started before it, plus the pod overhead. Pod-level resources (spec.resources), when set, replace the container
/// aggregate for cpu and memory.
/// </summary>
public static class PodRequests
{
    /// <summary>The pod's requests.</summary>
    public static Resource Compute(Pod pod) => Compute(pod, nonMissing: false);

    /// <summary>
    /// The pod's requests with a container's missing cpu/memory request counted as 100m / 200Mi (upstream's
    /// NonMissingContainerRequests, which the scoring plugins use).
    /// </summary>
    public static Resource ComputeNonZero(Pod pod) => Compute(pod, nonMissing: true);

    private static Resource Compute(Pod pod, bool nonMissing)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = pod.Spec;
        var reqs = new Resource();
        if (spec.Containers is { } containers)
        {
            foreach (var c in containers)
            {
                AddContainer(reqs, c.Resources.Requests, nonMissing);
            }
        }

        if (spec.InitContainers is { Count: > 0 } inits)
        {
            var sidecars = new Resource();
            var initMax = new Resource();
            foreach (var c in inits)
            {
                var own = new Resource();
                AddContainer(own, c.Resources.Requests, nonMissing);
                if (c.RestartPolicy == "Always")
                {
                    reqs.Add(own);
                    sidecars.Add(own);
                    initMax.SetMax(sidecars);
                }
                else
                {
                    own.Add(sidecars);
                    initMax.SetMax(own);
                }
            }

            reqs.SetMax(initMax);
        }

        if (spec.Resources?.Requests is { Count: > 0 } podLevel)
        {
            // Pod-level resources (KEP-2837) replace the container aggregate for the resources they set.
            if (podLevel.TryGetValue(ResourceNames.Cpu, out var cpu))
            {
                reqs.MilliCpu = cpu.MilliValue();
            }

            if (podLevel.TryGetValue(ResourceNames.Memory, out var memory))
            {
                reqs.Memory = memory.Value();
            }
        }

        reqs.Add(spec.Overhead);
        return reqs;
    }

    private static void AddContainer(Resource target, Dictionary<string, Quantity>? requests, bool nonMissing)
    {
        if (requests is not null)
        {
            foreach (var (name, quantity) in requests)
            {
                target.AddQuantity(name, quantity, 1);
            }
        }

        if (nonMissing)
        {
            if (requests is null || !requests.ContainsKey(ResourceNames.Cpu))
            {
                target.MilliCpu += ResourceNames.DefaultMilliCpuRequest;
            }

            if (requests is null || !requests.ContainsKey(ResourceNames.Memory))
            {
                target.Memory += ResourceNames.DefaultMemoryRequest;
            }
        }
    }
}

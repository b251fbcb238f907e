using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>Two controller managers against one server: one leads (holds kube-system/kube-controller-manager), the other
/// takes over within 20 s of the leader dying, and the controllers never run in both at once.</summary>
public class LeaderElectionTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task KillingTheLeader_TheOtherTakesOverWithin20Seconds_NeverBothRunning()
    {
        using var clientA = KubernetesClient.FromKubeconfig(server.KubeconfigPath);
        using var clientB = KubernetesClient.FromKubeconfig(server.KubeconfigPath);
        using var client = KubernetesClient.FromKubeconfig(server.KubeconfigPath);
        // No release on stop, as a crash. Upstream's default timing (15 s / 10 s / 2 s with client-go's 1.2 jitter) takes
        // over 15-24 s after the last renewal; an 8 s lease with a 1 s retry keeps the test well inside 20 s.
        ControllerManagerOptions Options(string identity) => new()
        {
            Identity = identity,
            ReleaseOnCancel = false,
            Controllers = ["serviceaccount"],
            LeaseDuration = TimeSpan.FromSeconds(8),
            RenewDeadline = TimeSpan.FromSeconds(6),
            RetryPeriod = TimeSpan.FromSeconds(1),
        };
        var managerA = new ControllerManager(clientA, Options("manager-a"));
        var managerB = new ControllerManager(clientB, Options("manager-b"));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        using var stopWatch = new CancellationTokenSource();
        var runA = Task.Run(() => managerA.RunAsync(stopA.Token));
        await Task.Delay(300);
        var runB = Task.Run(() => managerB.RunAsync(stopB.Token));

        var bothSeen = false;
        var watcher = Task.Run(async () =>
        {
            while (!stopWatch.IsCancellationRequested)
            {
                bothSeen |= managerA.IsRunningControllers && managerB.IsRunningControllers;
                await Task.Delay(20);
            }
        });
        try
        {
            await ControllersFixture.EventuallyAsync(() => Task.FromResult(managerA.IsRunningControllers || managerB.IsRunningControllers), "a leader", TimeSpan.FromSeconds(20));
            var (leader, leaderStop, follower) = managerA.IsRunningControllers ? (managerA, stopA, managerB) : (managerB, stopB, managerA);
            var lease = await client.Resource<Lease>("kube-system").GetAsync("kube-controller-manager");
            lease.Spec.HolderIdentity.ShouldBe(leader.Identity);
            follower.IsRunningControllers.ShouldBeFalse();

            // The leader works: a new namespace gets its default ServiceAccount.
            var ns = new Namespace();
            ns.Metadata.Name = "le-one";
            await client.Resource<Namespace>().CreateAsync(ns);
            await ControllersFixture.EventuallyAsync(async () => await client.Resource<ServiceAccount>("le-one").TryGetAsync("default") is not null, "SA by the first leader");

            // Kill the leader (no release): the follower takes over within 20 s.
            // Let the follower observe a few renewals first.
            await Task.Delay(3000);
            follower.IsRunningControllers.ShouldBeFalse();
            var killedAt = DateTime.UtcNow;
            await leaderStop.CancelAsync();
            await ControllersFixture.EventuallyAsync(() => Task.FromResult(follower.IsRunningControllers), "the follower leads", TimeSpan.FromSeconds(20));
            (DateTime.UtcNow - killedAt).ShouldBeLessThan(TimeSpan.FromSeconds(20));
            (await client.Resource<Lease>("kube-system").GetAsync("kube-controller-manager")).Spec.HolderIdentity.ShouldBe(follower.Identity);

            ns = new Namespace();
            ns.Metadata.Name = "le-two";
            await client.Resource<Namespace>().CreateAsync(ns);
            await ControllersFixture.EventuallyAsync(async () => await client.Resource<ServiceAccount>("le-two").TryGetAsync("default") is not null, "SA by the new leader");
        }
        finally
        {
            await stopWatch.CancelAsync();
            await watcher;
            await stopA.CancelAsync();
            await stopB.CancelAsync();
            await Task.WhenAll(runA, runB).WaitAsync(TimeSpan.FromSeconds(30));
        }
        bothSeen.ShouldBeFalse();
    }
}

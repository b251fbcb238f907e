using KubeSharp.ApiServer.Tests.Integration;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Tests.Integration;

/// <summary>
/// The real API server (in-process, SQLite in a temp dir) with the controller manager running against it through the
/// admin kubeconfig, exactly as <c>kubesharp controller-manager --kubeconfig</c> runs it, plus the fake node agent.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "disposed in IAsyncLifetime.DisposeAsync, as xunit fixtures are")]
public class ControllersFixture : ApiServerFixture, IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _manager;
    private FakeNodeAgent? _agent;

    /// <summary>The controller manager's options (all controllers, no leader election).</summary>
    protected virtual ControllerManagerOptions ManagerOptions => new() { LeaderElect = false };

    /// <summary>The controller manager's clock (the system clock unless a fixture drives time).</summary>
    protected virtual TimeProvider? ManagerClock => null;

    /// <summary>An admin client for the tests.</summary>
    public KubernetesClient Client { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Client = KubernetesClient.FromKubeconfig(KubeconfigPath);
        var managerClient = KubernetesClient.FromKubeconfig(KubeconfigPath);
        var manager = new ControllerManager(managerClient, ManagerOptions, ManagerClock);
        _manager = Task.Run(() => manager.RunAsync(_stop.Token));
        _agent = new FakeNodeAgent(KubernetesClient.FromKubeconfig(KubeconfigPath));
        _agent.Start(_stop.Token);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_manager is not null)
        {
            try
            {
                await _manager.WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
        Client?.Dispose();
        _stop.Dispose();
        await DisposeAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until true or the timeout passes (then fails with <paramref name="what"/>).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for: " + what);
            }
            await Task.Delay(100);
        }
    }
}

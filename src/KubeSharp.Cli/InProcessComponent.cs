using KubeSharp.Client;
using KubeSharp.Controllers.Infrastructure;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Cli;

/// <summary>A control-plane component inside <c>kubesharp server</c> (the controller manager, the scheduler): it runs on
/// its own client of the admin kubeconfig, is started after the API server and stopped before it.</summary>
internal sealed class InProcessComponent : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly KubernetesClient _client;
    private readonly TextWriterLoggerFactory _loggers = new(Console.Error);
    private readonly Task _run;

    private InProcessComponent(string kubeconfig, Func<KubernetesClient, ILoggerFactory, CancellationToken, Task> run)
    {
        _client = KubernetesClient.FromKubeconfig(kubeconfig);
        _run = Task.Run(() => run(_client, _loggers, _stop.Token));
    }

    /// <summary>The controller manager with its default options.</summary>
    public static InProcessComponent ControllerManager(string kubeconfig) => new(kubeconfig,
        (client, loggers, ct) => new Controllers.ControllerManager(client, new Controllers.ControllerManagerOptions(), TimeProvider.System, loggers).RunAsync(ct));

    /// <summary>The scheduler with its default configuration.</summary>
    public static InProcessComponent Scheduler(string kubeconfig) => new(kubeconfig,
        (client, loggers, ct) => new Scheduler.Runtime.KubeScheduler(client, null, new Scheduler.Runtime.KubeSchedulerOptions(), TimeProvider.System, loggers).RunAsync(ct));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
        _client.Dispose();
        _loggers.Dispose();
        _stop.Dispose();
    }
}

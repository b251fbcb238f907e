using KubeSharp.Client;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Cli;

/// <summary>The scheduler inside <c>kubesharp server</c>: started after the API server, stopped before it.</summary>
internal sealed class InProcessScheduler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly KubernetesClient _client;
    private readonly TextWriterLoggerFactory _loggers = new(Console.Error);
    private readonly Task _run;

    private InProcessScheduler(string kubeconfig)
    {
        _client = KubernetesClient.FromKubeconfig(kubeconfig);
        var scheduler = new KubeScheduler(_client, null, new KubeSchedulerOptions(), TimeProvider.System, _loggers);
        _run = Task.Run(() => scheduler.RunAsync(_stop.Token));
    }

    public static InProcessScheduler Start(string kubeconfig) => new(kubeconfig);

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

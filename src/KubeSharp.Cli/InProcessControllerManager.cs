using KubeSharp.Client;
using KubeSharp.Controllers;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Cli;

/// <summary>The controller manager inside <c>kubesharp server</c>: started after the API server, stopped before it.</summary>
internal sealed class InProcessControllerManager : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly KubernetesClient _client;
    private readonly TextWriterLoggerFactory _loggers = new(Console.Error);
    private readonly Task _run;

    private InProcessControllerManager(string kubeconfig)
    {
        _client = KubernetesClient.FromKubeconfig(kubeconfig);
        var manager = new ControllerManager(_client, new ControllerManagerOptions(), TimeProvider.System, _loggers);
        _run = Task.Run(() => manager.RunAsync(_stop.Token));
    }

    public static InProcessControllerManager Start(string kubeconfig) => new(kubeconfig);

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

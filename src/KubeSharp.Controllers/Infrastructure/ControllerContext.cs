using KubeSharp.Client;
using KubeSharp.Client.Cache;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>What every controller gets from the manager: the client, the one shared informer factory, the clock and a logger.</summary>
public sealed class ControllerContext
{
    /// <summary>Creates a context.</summary>
    public ControllerContext(KubernetesClient client, SharedInformerFactory informers, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null)
    {
        Client = client;
        Informers = informers;
        Clock = clock ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>The API client.</summary>
    public KubernetesClient Client { get; }

    /// <summary>The informer factory shared by all controllers (one watch per resource).</summary>
    public SharedInformerFactory Informers { get; }

    /// <summary>The clock (tests inject one).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Loggers for the controllers.</summary>
    public ILoggerFactory LoggerFactory { get; }
}

/// <summary>A controller: registers its informers and handlers, then runs its workers.</summary>
public interface IController
{
    /// <summary>The name used on the command line (<c>--controllers</c>), e.g. <c>replicaset</c>.</summary>
    string Name { get; }

    /// <summary>Registers informers and event handlers; called before the factory starts.</summary>
    Task InitializeAsync(ControllerContext context, CancellationToken cancellationToken);

    /// <summary>Runs the workers until cancelled; called once the caches have synced.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

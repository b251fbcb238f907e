using KubeSharp.Api.Core.V1;
using KubeSharp.Client;
using KubeSharp.Client.Cache;
using KubeSharp.Client.Machinery.Queues;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Controllers.ServiceAccounts;

/// <summary>
/// Upstream's serviceaccount controller: every active namespace has the ServiceAccounts it should have (here, as
/// upstream's default configuration, one: <c>default</c>); one deleted is created again. Keys are namespace names.
/// </summary>
public sealed class ServiceAccountsController : QueueController
{
    /// <summary>The ServiceAccounts ensured in every namespace.</summary>
    public static readonly IReadOnlyList<string> ServiceAccountNames = ["default"];

    private Lister<Namespace> _namespaces = null!;
    private Lister<ServiceAccount> _serviceAccounts = null!;

    /// <summary>Creates the controller.</summary>
    public ServiceAccountsController()
        : base(workers: 1)
    {
    }

    /// <inheritdoc/>
    public override string Name => "serviceaccount";

    /// <inheritdoc/>
    protected override void Register(ControllerContext context)
    {
        var namespaces = context.Informers.Informer<Namespace>();
        var serviceAccounts = context.Informers.Informer<ServiceAccount>();
        _namespaces = namespaces.Lister;
        _serviceAccounts = serviceAccounts.Lister;
        namespaces.AddEventHandler(
            onAdd: (ns, _) => Enqueue(ns.Metadata.Name),
            onUpdate: (_, ns) => Enqueue(ns.Metadata.Name));
        serviceAccounts.AddEventHandler(onDelete: (sa, _) =>
        {
            if (ServiceAccountNames.Contains(sa.Metadata.Name))
            {
                Enqueue(sa.Metadata.Namespace);
            }
        });
    }

    /// <inheritdoc/>
    protected override async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var ns = _namespaces.Get(key);
        // Upstream syncs only active namespaces (a terminating one refuses new content anyway).
        if (ns is null || ns.Metadata.DeletionTimestamp is not null || (ns.Status.Phase is { Length: > 0 } phase && phase != "Active"))
        {
            return ReconcileResult.Done;
        }
        var client = Context.Client.Resource<ServiceAccount>(key);
        foreach (var name in ServiceAccountNames)
        {
            if (_serviceAccounts.Namespace(key).Get(name) is not null)
            {
                continue;
            }
            var sa = new ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount" };
            sa.Metadata.Name = name;
            sa.Metadata.Namespace = key;
            try
            {
                await client.CreateAsync(sa, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                // The cache is behind; nothing to do.
            }
            catch (KubeApiException e) when (e.IsForbidden && e.Message.Contains("being terminated", StringComparison.Ordinal))
            {
                // Upstream ignores creation refused because the namespace is terminating.
            }
        }
        return ReconcileResult.Done;
    }
}

using System.CommandLine;
using KubeSharp.ApiServer;
using KubeSharp.ApiServer.Hosting;
using KubeSharp.Storage;
using KubeSharp.Storage.Sqlite;

namespace KubeSharp.Cli;

/// <summary><c>kubesharp server</c>: the control plane (today: the API server on the embedded SQLite store).</summary>
public static class ServerCommand
{
    public static Command Create()
    {
        var defaults = new ApiServerOptions();
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the datastore, certificates and keys", DefaultValueFactory = _ => defaults.DataDir };
        var bindAddress = new Option<string>("--bind-address") { Description = "Address the API server listens on", DefaultValueFactory = _ => defaults.BindAddress };
        var httpsPort = new Option<int>("--https-port") { Description = "HTTPS port of the API server", DefaultValueFactory = _ => defaults.HttpsPort };
        var datastore = new Option<string>("--datastore-endpoint") { Description = "sqlite (default) or etcd://host:2379[,host:2379]", DefaultValueFactory = _ => defaults.DatastoreEndpoint };
        var serviceRange = new Option<string>("--service-cluster-ip-range") { Description = "ClusterIP range for Services", DefaultValueFactory = _ => defaults.ServiceClusterIpRange };
        var nodePortRange = new Option<string>("--service-node-port-range") { Description = "NodePort range for Services", DefaultValueFactory = _ => defaults.ServiceNodePortRange };
        var advertiseAddress = new Option<string>("--advertise-address") { Description = "IP published in the kubernetes Service's endpoints (default: the bind address, or the host's primary IPv4)", DefaultValueFactory = _ => defaults.AdvertiseAddress };
        var kubeconfigOut = new Option<string>("--kubeconfig-out") { Description = "Where the admin kubeconfig is written", DefaultValueFactory = _ => defaults.KubeconfigOut };
        var notReadySeconds = new Option<long>("--default-not-ready-toleration-seconds") { Description = "tolerationSeconds of the not-ready:NoExecute toleration added to every pod that has none", DefaultValueFactory = _ => defaults.DefaultNotReadyTolerationSeconds };
        var unreachableSeconds = new Option<long>("--default-unreachable-toleration-seconds") { Description = "tolerationSeconds of the unreachable:NoExecute toleration added to every pod that has none", DefaultValueFactory = _ => defaults.DefaultUnreachableTolerationSeconds };
        var disableAgent = new Option<bool>("--disable-agent") { Description = "Run the control plane only (the in-process node agent arrives in a later version)" };
        var disableControllerManager = new Option<bool>("--disable-controller-manager") { Description = "Do not run the controller manager in-process" };
        var disableScheduler = new Option<bool>("--disable-scheduler") { Description = "Do not run the scheduler in-process" };
        var command = new Command("server", "Run a KubeSharp server: the Kubernetes API server on the embedded datastore.")
        {
            dataDir, bindAddress, httpsPort, datastore, serviceRange, nodePortRange, advertiseAddress, kubeconfigOut, notReadySeconds, unreachableSeconds, disableAgent, disableControllerManager, disableScheduler,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = defaults with
            {
                DataDir = parseResult.GetValue(dataDir)!,
                BindAddress = parseResult.GetValue(bindAddress)!,
                HttpsPort = parseResult.GetValue(httpsPort),
                DatastoreEndpoint = parseResult.GetValue(datastore)!,
                ServiceClusterIpRange = parseResult.GetValue(serviceRange)!,
                ServiceNodePortRange = parseResult.GetValue(nodePortRange)!,
                AdvertiseAddress = parseResult.GetValue(advertiseAddress)!,
                KubeconfigOut = parseResult.GetValue(kubeconfigOut)!,
                DefaultNotReadyTolerationSeconds = parseResult.GetValue(notReadySeconds),
                DefaultUnreachableTolerationSeconds = parseResult.GetValue(unreachableSeconds),
                KubernetesMajor = BuildInfo.KubernetesMajor,
                KubernetesMinor = BuildInfo.KubernetesMinor,
                GitVersion = BuildInfo.KubernetesGitVersion,
                GitCommit = BuildInfo.GitCommit,
            };
            var output = parseResult.InvocationConfiguration.Output;
            await using var store = await OpenStoreAsync(options, cancellationToken);
            if (store is null)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"unsupported --datastore-endpoint '{options.DatastoreEndpoint}': use sqlite or etcd://host:2379[,host:2379]");
                return 2;
            }
            await using var host = await ApiServerHost.StartAsync(options, store, TimeProvider.System, null, cancellationToken);
            await output.WriteLineAsync($"KubeSharp API server listening on {host.Address} (kubeconfig: {options.KubeconfigOut})");
            await output.FlushAsync(cancellationToken);
            // The controller manager runs in-process, leader-elected, as a client of the server (admin kubeconfig).
            var controllers = parseResult.GetValue(disableControllerManager) ? null : InProcessComponent.ControllerManager(options.KubeconfigOut);
            var scheduler = parseResult.GetValue(disableScheduler) ? null : InProcessComponent.Scheduler(options.KubeconfigOut);
            try
            {
                await host.WaitForStopRequestAsync(cancellationToken);
            }
            finally
            {
                // The in-process clients stop while the server still answers (releasing their leader leases), then the
                // server stops (ending open watches) and the store closes.
                if (scheduler is not null)
                {
                    await scheduler.DisposeAsync();
                }
                if (controllers is not null)
                {
                    await controllers.DisposeAsync();
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>The embedded SQLite store under the data dir, or etcd (plain http endpoints) for etcd://host:port[,...].</summary>
    private static async Task<IKeyValueStore?> OpenStoreAsync(ApiServerOptions options, CancellationToken cancellationToken)
    {
        if (options.DatastoreEndpoint == "sqlite")
        {
            var dbFolder = Path.Combine(options.DataDir, "db");
            Directory.CreateDirectory(dbFolder);
            return await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(Path.Combine(dbFolder, "state.db")), TimeProvider.System, cancellationToken: cancellationToken);
        }
        if (options.DatastoreEndpoint.StartsWith("etcd://", StringComparison.Ordinal))
        {
            var endpoints = options.DatastoreEndpoint["etcd://".Length..]
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(hostPort => new Uri("http://" + hostPort))
                .ToList();
            return await KubeSharp.Storage.Etcd.EtcdKeyValueStore.ConnectAsync(new KubeSharp.Storage.Etcd.EtcdStoreOptions { Endpoints = endpoints }, TimeProvider.System, null, cancellationToken);
        }
        return null;
    }
}

using System.CommandLine;
using KubeSharp.Client;
using KubeSharp.Controllers;
using KubeSharp.Controllers.Infrastructure;

namespace KubeSharp.Cli;

/// <summary><c>kubesharp controller-manager</c>: the built-in controllers against an API server, leader-elected.</summary>
public static class ControllerManagerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig (default: KUBECONFIG, ~/.kube/config, in-cluster)" };
        var controllers = new Option<string>("--controllers")
        {
            Description = "Controllers to run: '*' for all, 'foo' to enable, '-foo' to disable (all: " + string.Join(",", ControllerManager.AllControllers) + ")",
            DefaultValueFactory = _ => "*",
        };
        var clusterCidr = new Option<string>("--cluster-cidr") { Description = "CIDR range of pods in the cluster", DefaultValueFactory = _ => "10.42.0.0/16" };
        var terminatedPodGcThreshold = new Option<int>("--terminated-pod-gc-threshold") { Description = "Terminated pods that can exist before the pod garbage collector deletes the oldest (0 disables)", DefaultValueFactory = _ => 12500 };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Run only while holding the kube-system/kube-controller-manager Lease", DefaultValueFactory = _ => true };
        var command = new Command("controller-manager", "Run the KubeSharp controller manager (replicaset, garbage collector, ...) against an API server.")
        {
            kubeconfig, controllers, clusterCidr, terminatedPodGcThreshold, leaderElect,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!TryParseControllers(parseResult.GetValue(controllers)!, out var names, out var error))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(error);
                return 2;
            }
            using var client = KubernetesClient.FromKubeconfig(parseResult.GetValue(kubeconfig));
            using var loggers = new TextWriterLoggerFactory(Console.Error);
            var manager = new ControllerManager(client, new ControllerManagerOptions
            {
                Controllers = names,
                ClusterCidr = parseResult.GetValue(clusterCidr)!,
                LeaderElect = parseResult.GetValue(leaderElect),
                PodGc = new Controllers.PodGc.PodGcOptions { TerminatedPodThreshold = parseResult.GetValue(terminatedPodGcThreshold) },
            }, TimeProvider.System, loggers);
            try
            {
                await manager.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        });
        return command;
    }

    /// <summary>Upstream's --controllers syntax: a comma list of names, '*' (all), '-name' (not this one).</summary>
    internal static bool TryParseControllers(string value, out List<string> names, out string? error)
    {
        var enabled = new List<string>();
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        var all = false;
        error = null;
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = item.TrimStart('-');
            if (item == "*")
            {
                all = true;
                continue;
            }
            if (!ControllerManager.AllControllers.Contains(name))
            {
                names = [];
                error = $"\"{name}\" is not in the list of known controllers";
                return false;
            }
            if (item.StartsWith('-'))
            {
                disabled.Add(name);
            }
            else
            {
                enabled.Add(name);
            }
        }
        names = [.. ControllerManager.AllControllers.Where(n => (all || enabled.Contains(n)) && !disabled.Contains(n))];
        return true;
    }
}

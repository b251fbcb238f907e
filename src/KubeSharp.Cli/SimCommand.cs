using System.CommandLine;
using KubeSharp.Api;
using KubeSharp.Client;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Scheduler.Simulation;

namespace KubeSharp.Cli;

/// <summary><c>kubesharp sim</c>: simulated nodes (like KWOK) for capacity planning and the scheduler benchmark.</summary>
public static class SimCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig (default: KUBECONFIG, ~/.kube/config, in-cluster)" };
        var nodes = new Option<int>("--nodes") { Description = "How many nodes to simulate", DefaultValueFactory = _ => 1 };
        var cpu = new Option<string>("--cpu") { Description = "Capacity and allocatable cpu of each node", DefaultValueFactory = _ => "32" };
        var memory = new Option<string>("--memory") { Description = "Capacity and allocatable memory of each node", DefaultValueFactory = _ => "256Gi" };
        var pods = new Option<int>("--pods") { Description = "Capacity and allocatable pods of each node", DefaultValueFactory = _ => 110 };
        var labels = new Option<string?>("--labels") { Description = "Extra node labels: k=v,k2=v2" };
        var taints = new Option<string?>("--taints") { Description = "Node taints: key=value:Effect,key:Effect" };
        var zones = new Option<int>("--zones") { Description = "Spread the nodes round robin over this many topology.kubernetes.io/zone values (zone-0, ...); 0: no zone label", DefaultValueFactory = _ => 1 };
        var prefix = new Option<string>("--name-prefix") { Description = "Node names are this prefix plus an index", DefaultValueFactory = _ => "sim-node-" };
        var cleanup = new Option<bool>("--cleanup") { Description = "Delete the nodes and their Leases on exit" };
        var command = new Command("sim", "Simulate nodes (like KWOK): register them, keep their Leases fresh and run their pods (Running/Ready, deletions finished).")
        {
            kubeconfig, nodes, cpu, memory, pods, labels, taints, zones, prefix, cleanup,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            NodeSimulatorOptions options;
            try
            {
                options = new NodeSimulatorOptions
                {
                    Nodes = parseResult.GetValue(nodes),
                    Cpu = Quantity.Parse(parseResult.GetValue(cpu)!),
                    Memory = Quantity.Parse(parseResult.GetValue(memory)!),
                    Pods = parseResult.GetValue(pods),
                    Labels = NodeSimulator.ParseLabels(parseResult.GetValue(labels)),
                    Taints = NodeSimulator.ParseTaints(parseResult.GetValue(taints)),
                    Zones = parseResult.GetValue(zones),
                    NamePrefix = parseResult.GetValue(prefix)!,
                    KubeletVersion = BuildInfo.KubernetesGitVersion,
                };
                if (options.Nodes < 0 || options.Pods < 0 || options.Zones < 0)
                {
                    throw new FormatException("--nodes, --pods and --zones must not be negative");
                }
            }
            catch (FormatException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("error: " + e.Message);
                return 2;
            }
            using var client = KubernetesClient.FromKubeconfig(parseResult.GetValue(kubeconfig));
            using var loggers = new TextWriterLoggerFactory(Console.Error);
            var simulator = new NodeSimulator(client, options, TimeProvider.System, loggers.CreateLogger("sim"));
            try
            {
                await simulator.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            if (parseResult.GetValue(cleanup))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await simulator.CleanupAsync(timeout.Token);
            }
            return 0;
        });
        return command;
    }
}

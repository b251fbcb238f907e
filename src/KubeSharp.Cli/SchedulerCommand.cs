using System.CommandLine;
using KubeSharp.Client;
using KubeSharp.Controllers.Infrastructure;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Cli;

/// <summary><c>kubesharp scheduler</c>: kube-scheduler against an API server, leader-elected on kube-system/kube-scheduler.</summary>
public static class SchedulerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig (default: the configuration's clientConnection.kubeconfig, KUBECONFIG, ~/.kube/config, in-cluster)" };
        var config = new Option<string?>("--config") { Description = "Path to a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) file" };
        var leaderElect = new Option<bool?>("--leader-elect") { Description = "Run only while holding the kube-system/kube-scheduler Lease (default: the configuration's leaderElection.leaderElect, true)" };
        var command = new Command("scheduler", "Run the KubeSharp scheduler against an API server.")
        {
            kubeconfig, config, leaderElect,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            KubeSchedulerConfiguration configuration;
            try
            {
                var path = parseResult.GetValue(config);
                configuration = path is null ? SchedulerConfigLoader.Default() : SchedulerConfigLoader.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            }
            catch (Exception e) when (e is SchedulerConfigException or IOException or UnauthorizedAccessException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("invalid scheduler configuration: " + e.Message);
                return 2;
            }
            var kubeconfigPath = parseResult.GetValue(kubeconfig) ?? (configuration.ClientConnection.Kubeconfig.Length > 0 ? configuration.ClientConnection.Kubeconfig : null);
            using var client = KubernetesClient.FromKubeconfig(kubeconfigPath);
            using var loggers = new TextWriterLoggerFactory(Console.Error);
            var scheduler = new KubeScheduler(client, configuration, new KubeSchedulerOptions { LeaderElect = parseResult.GetValue(leaderElect) }, TimeProvider.System, loggers);
            try
            {
                await scheduler.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        });
        return command;
    }
}

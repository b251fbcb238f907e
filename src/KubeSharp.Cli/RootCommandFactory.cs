using System.CommandLine;
using System.Runtime.InteropServices;

namespace KubeSharp.Cli;

/// <summary>Builds the kubesharp command tree. Each component adds its subcommand here.</summary>
public static class RootCommandFactory
{
    /// <summary>
    /// Runs a kubesharp command line until it finishes or the process is asked to stop. SIGTERM (systemd, kubectl-less
    /// orchestration, Docker) and SIGINT (Ctrl-C) cancel the command's token and the command shuts down gracefully
    /// and exits with its own code (0), as upstream components do; for the other commands a second signal terminates
    /// at once (the server's web host handles both signals too, so a second one there does not cut its shutdown
    /// short). Left to the runtime, SIGTERM ended every command but the server with 143 without letting it finish.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            if (stop.IsCancellationRequested)
            {
                return; // a second signal: the runtime's default, terminate now
            }
            context.Cancel = true;
            // Cancellation callbacks run on the thread pool, not on the runtime's signal thread.
            _ = stop.CancelAsync();
        }
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        // ProcessTerminationTimeout null: System.CommandLine leaves signal handling to the registrations above.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await Create().Parse(args).InvokeAsync(configuration, stop.Token).ConfigureAwait(false);
    }

    public static RootCommand Create()
    {
        var root = new RootCommand("KubeSharp: a Kubernetes distribution in one binary.");
        root.Subcommands.Add(CreateVersionCommand());
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(ControllerManagerCommand.Create());
        root.Subcommands.Add(SchedulerCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        return root;
    }

    private static Command CreateVersionCommand()
    {
        var command = new Command("version", "Print the KubeSharp version, the Kubernetes API version it implements, the git commit and the .NET version.");
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"KubeSharp version: {BuildInfo.Version}");
            output.WriteLine($"Kubernetes API:    v{BuildInfo.KubernetesMajor}.{BuildInfo.KubernetesMinor} ({BuildInfo.KubernetesGitVersion})");
            output.WriteLine($"Git commit:        {BuildInfo.GitCommit}");
            output.WriteLine($".NET:              {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
            return 0;
        });
        return command;
    }
}

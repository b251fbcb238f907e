using System.CommandLine;
using System.Runtime.InteropServices;

namespace KubeSharp.Cli;

/// <summary>Builds the kubesharp command tree. Each component adds its subcommand here.</summary>
public static class RootCommandFactory
{
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

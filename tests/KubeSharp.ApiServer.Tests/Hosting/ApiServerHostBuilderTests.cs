using KubeSharp.ApiServer.Hosting;
using Microsoft.Extensions.Configuration;

namespace KubeSharp.ApiServer.Tests.Hosting;

public class ApiServerHostBuilderTests
{
    [Fact]
    public void WebBuilder_ReadsNoSettingsFromTheWorkingDirectory_AndWatchesNoFiles()
    {
        var builder = ApiServerHost.CreateWebBuilder();

        // ASP.NET's default is appsettings.json in the current directory with reload-on-change: a recursive inotify
        // watch on that directory (the whole file system for a service started in /).
        builder.Environment.ContentRootPath.TrimEnd('/').ShouldBe(AppContext.BaseDirectory.TrimEnd('/'));
        var fileSources = builder.Configuration.Sources.OfType<FileConfigurationSource>().ToList();
        fileSources.ShouldAllBe(s => !s.ReloadOnChange);
    }

    [Fact]
    public async Task StartedHost_HoldsNoInotifyWatchOnTheWorkingDirectory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fixture = new Integration.ApiServerFixture();
        await fixture.InitializeAsync();
        try
        {
            // inotify's fdinfo names each watched inode (hex); the working directory's must not be among them.
            var inode = long.Parse((await RunAsync("stat", "-c %i .")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var watched = $"ino:{inode:x} ";
            var lines = new List<string>();
            foreach (var fd in Directory.EnumerateFiles("/proc/self/fdinfo"))
            {
                try
                {
                    lines.AddRange(File.ReadLines(fd).Where(l => l.StartsWith("inotify ", StringComparison.Ordinal)));
                }
                catch (IOException)
                {
                    // The descriptor was closed meanwhile.
                }
            }
            lines.ShouldNotContain(l => l.Contains(watched, StringComparison.Ordinal));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}

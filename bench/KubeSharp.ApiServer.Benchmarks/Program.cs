using System.Globalization;
using KubeSharp.ApiServer.Benchmarks;

// dotnet run -c Release --project bench/KubeSharp.ApiServer.Benchmarks -- [--quick] [--seconds N] [--only NAME[,NAME]]
//     [--server-exe PATH | --rss-in-process] [--protocol 1.1|2] [--watchers N] [--pods N]
//     --only managedfields: the in-process managed-fields micro-benchmark (not in the default set);
//     --mf-shape WORD: only its shapes whose name contains WORD (create, Lease, kubelet, 3 managers, Event)
//     --only storewrite: the in-process store write-path micro-benchmark (not in the default set)
//     --only reqpath: the per-request path of pod create/binding/status (validation in-process, then over HTTP/2)
var options = BenchOptions.Full;
string? serverExe = null;
var rssInProcess = false;
var quick = false;
string? shapeFilter = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            options = BenchOptions.Quick with { Only = options.Only };
            quick = true;
            break;
        case "--seconds":
            options = options with { Seconds = double.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--only":
            options = options with { Only = args[++i].Split(',') };
            break;
        case "--protocol":
            options = options with { CreateProtocols = [args[++i]] };
            break;
        case "--watchers":
            options = options with { Watchers = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--pods":
            options = options with { Pods = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--hold":
            options = options with { HoldSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--server-exe":
            serverExe = args[++i];
            break;
        case "--mf-shape":
            shapeFilter = args[++i];
            break;
        case "--rss-in-process":
            rssInProcess = true;
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}
if (!rssInProcess)
{
    // The published binary (./build.sh) when there is one: its RSS is the server's alone.
    serverExe ??= FindUp("out/kubesharp");
    options = options with { ServerExecutable = serverExe };
}

var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average at start {load}; {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
var results = await ApiServerBench.RunAsync(options, Console.Error, CancellationToken.None);
if (options.Only.Contains("managedfields", StringComparer.OrdinalIgnoreCase))
{
    // The in-process managed-fields micro-benchmark runs only when named.
    results.AddRange(ManagedFieldsBench.Run(quick ? 2_000 : 20_000, shapeFilter: shapeFilter));
}
if (options.Only.Contains("storewrite", StringComparer.OrdinalIgnoreCase))
{
    results.AddRange(await StoreWriteBench.RunAsync(quick ? 500 : 5_000, quick ? 2 : 4, Console.Error));
}
if (options.Only.Contains("reqpath", StringComparer.OrdinalIgnoreCase))
{
    results.AddRange(await RequestPathBench.RunAsync(quick ? 500 : 4_000, Console.Error));
}
Console.WriteLine();
Console.WriteLine("| scenario | result | target | detail |");
Console.WriteLine("|---|---|---|---|");
foreach (var result in results)
{
    Console.WriteLine($"| {result.Scenario} | {result.Figure} | {result.Target} | {result.Detail} |");
}
load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
Console.WriteLine($"load average at end {load}");
return 0;

static string? FindUp(string relative)
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, relative);
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }
    return null;
}

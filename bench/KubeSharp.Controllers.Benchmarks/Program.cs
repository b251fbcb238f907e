using System.Globalization;
using KubeSharp.Controllers.Benchmarks;

// dotnet run -c Release --project bench/KubeSharp.Controllers.Benchmarks -- [--scale F] [--only NAME[,NAME]]
//   --scale 0.01: every size times 0.01 (a smoke run); --only deployment,many,rss
var options = new ControllerBenchOptions();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scale":
            options = options with { Scale = double.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--only":
            options = options with { Only = args[++i].Split(',') };
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average at start {ControllerBench.LoadAverage()}; {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
var results = await ControllerBench.RunAsync(options, Console.Error, CancellationToken.None);
Console.WriteLine();
Console.WriteLine("| scenario | result | target | detail |");
Console.WriteLine("|---|---|---|---|");
foreach (var result in results)
{
    Console.WriteLine($"| {result.Scenario} | {result.Figure} | {result.Target} | {result.Detail} |");
}
Console.WriteLine($"load average at end {ControllerBench.LoadAverage()}");
return 0;

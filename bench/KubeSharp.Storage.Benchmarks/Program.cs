using KubeSharp.Storage.Benchmarks;

// dotnet run -c Release --project bench/KubeSharp.Storage.Benchmarks -- [--seconds N] [--dir PATH] [--only NAME]
var seconds = 5.0;
var directory = Path.GetTempPath();
string? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds":
            seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--dir":
            directory = args[++i];
            break;
        case "--only":
            only = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

var bench = new StorageBenchmarks(directory, TimeSpan.FromSeconds(seconds));
var results = new List<BenchResult>();
foreach (var (name, run) in bench.All())
{
    if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
    {
        continue;
    }
    Console.Error.WriteLine($"running {name} ...");
    var result = await run();
    results.Add(result);
    Console.WriteLine($"| {result.Name} | {result.Figure} | {result.Detail} |");
}
Console.WriteLine();
Console.WriteLine("| benchmark | result | detail |");
Console.WriteLine("|---|---|---|");
foreach (var result in results)
{
    Console.WriteLine($"| {result.Name} | {result.Figure} | {result.Detail} |");
}
return 0;

// The etcd engine against the raw floor: the same work as plain etcd calls through the same gRPC channel (the
// store's own), on an etcd this program starts (loopback, random ports, temp dir, killed at the end).
//
//   dotnet run -c Release --project bench/KubeSharp.Storage.Etcd.Benchmarks -- [--seconds N] [--rounds N] [--only NAME]
//
// NAME: create, cas, range or watch.
//
// Each figure is the median of --rounds runs of --seconds each (default 5 x 3 s); the variants of a scenario
// run interleaved, each on a freshly emptied and compacted keyspace.
using System.Globalization;
using KubeSharp.Storage.Etcd.Benchmarks;

var seconds = 3.0;
var rounds = 5;
string? only = null;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--seconds")
    {
        seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--rounds")
    {
        rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--only")
    {
        only = args[i + 1];
    }
}
await using var bench = await EtcdBench.StartAsync(TimeSpan.FromSeconds(seconds), rounds);
await bench.RunAllAsync(only);

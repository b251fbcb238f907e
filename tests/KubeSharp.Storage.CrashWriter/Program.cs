using System.Globalization;
using KubeSharp.Storage;
using KubeSharp.Storage.CrashWriter;
using KubeSharp.Storage.Sqlite;

// Usage: KubeSharp.Storage.CrashWriter <database> <run-id>
// Prints "READY <revision>" once the store is open, then one line per acknowledged write, flushed, only after
// the write's task has completed:
//   ACK <create|update|delete> <key> <revision> <sequence> END
// and runs until killed.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: KubeSharp.Storage.CrashWriter <database> <run-id>");
    return 2;
}
var options = new SqliteStoreOptions(args[0]) { CompactionInterval = TimeSpan.Zero };
await using var store = await SqliteKeyValueStore.OpenAsync(options);
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var gate = new Lock();
void Print(string line)
{
    lock (gate)
    {
        output.WriteLine(line);
    }
}
var opened = await store.GetCurrentRevisionAsync(CancellationToken.None);
Print(string.Create(CultureInfo.InvariantCulture, $"READY {opened}"));

const int Workers = 16;
await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
{
    var live = new Dictionary<string, long>(); // this worker's keys and their mod revisions
    var random = new Random(worker);
    for (long sequence = 0; ; sequence++)
    {
        var roll = random.Next(10);
        string key;
        WriteResult result;
        string op;
        if (live.Count < 5 || roll < 4)
        {
            key = string.Create(CultureInfo.InvariantCulture, $"/crash/{args[1]}/w{worker:D2}/k{sequence:D6}");
            op = "create";
            result = await store.CreateAsync(key, CrashValue.Make(key, sequence), null, CancellationToken.None);
        }
        else if (roll < 9)
        {
            key = live.Keys.ElementAt(random.Next(live.Count));
            op = "update";
            result = await store.UpdateAsync(key, CrashValue.Make(key, sequence), live[key], null, CancellationToken.None);
        }
        else
        {
            key = live.Keys.ElementAt(random.Next(live.Count));
            op = "delete";
            result = await store.DeleteAsync(key, live[key], CancellationToken.None);
        }
        if (!result.Succeeded)
        {
            Print($"FAILED {op} {key}");
            return;
        }
        if (op == "delete")
        {
            live.Remove(key);
        }
        else
        {
            live[key] = result.Revision;
        }
        Print(string.Create(CultureInfo.InvariantCulture, $"ACK {op} {key} {result.Revision} {sequence} END"));
    }
})));
return 0;

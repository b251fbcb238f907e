using KubeSharp.Storage.Sqlite;
using KubeSharp.Tests.Common;

namespace KubeSharp.Storage.Tests;

/// <summary>The conformance suite on the SQLite engine: a new database file per test, a fake clock.</summary>
public sealed class SqliteKeyValueStoreConformanceTests : KeyValueStoreConformanceTests
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new();

    protected override TimeSpan EventTimeout => TimeSpan.FromSeconds(10);

    protected override async Task<IKeyValueStore> CreateStoreAsync()
        => await SqliteKeyValueStore.OpenAsync(new SqliteStoreOptions(_directory.File("store.db")), _clock);

    protected override async Task<IKeyValueStore> RestartStoreAsync(IKeyValueStore store)
    {
        await store.DisposeAsync();
        return await CreateStoreAsync();
    }

    protected override Task AdvanceClockAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _directory.Dispose();
        }
        base.Dispose(disposing);
    }
}

namespace KubeSharp.Storage.Etcd.Tests;

/// <summary>One etcd per test class (<c>IClassFixture&lt;EtcdFixture&gt;</c>): tests of a class run one after
/// another and may restart or compact it; classes run in parallel on their own servers.</summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private EtcdServer? _server;

    /// <summary>The running server.</summary>
    public EtcdServer Server => _server ?? throw new InvalidOperationException("etcd is not started");

    /// <summary>Store options for this server.</summary>
    public EtcdStoreOptions StoreOptions => new() { Endpoints = [Server.ClientUrl], DialTimeout = TimeSpan.FromSeconds(2) };

    public async Task InitializeAsync()
        // Progress notifications every second (etcd's default is 10 minutes) so the progress tests finish quickly.
        => _server = await EtcdServer.StartAsync(null, "--experimental-watch-progress-notify-interval=1s");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

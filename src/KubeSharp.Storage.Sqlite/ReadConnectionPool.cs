using System.Collections.Concurrent;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// Read connections, opened on demand up to a maximum and reused. WAL lets them read while the writer commits.
/// </summary>
/// <remarks>Thread-safe. <see cref="RentAsync"/> waits (cancellably) when all connections are in use.</remarks>
internal sealed class ReadConnectionPool : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<ReadConnection> _idle = [];
    private volatile bool _disposed;

    public ReadConnectionPool(string connectionString, int maxConnections)
    {
        _connectionString = connectionString;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
    }

    public async ValueTask<ReadConnection> RentAsync(CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            await _slots.WaitAsync(cancellationToken);
        }
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _idle.TryTake(out var connection) ? connection : new ReadConnection(_connectionString);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Return(ReadConnection connection)
    {
        if (_disposed)
        {
            connection.Dispose();
        }
        else
        {
            _idle.Add(connection);
            if (_disposed && _idle.TryTake(out var late))
            {
                late.Dispose();
            }
        }
        _slots.Release();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }
}

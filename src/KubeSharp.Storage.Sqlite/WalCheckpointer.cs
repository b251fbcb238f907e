using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on its own connection and thread, so that the writer's commits
/// do not pay for it (SQLite's automatic checkpoint would run inside the commit that crosses its threshold,
/// stalling every write queued behind it).
/// </summary>
/// <remarks>
/// <para>PASSIVE checkpoints never block the writer or readers and never make them wait; when the whole WAL
/// has been copied, the writer starts the WAL over from its beginning at its next transaction, so the file
/// does not grow under steady load. The writer keeps SQLite's automatic checkpoint as a backstop at a larger
/// threshold, in case this thread falls behind.</para>
/// <para>Thread-safety: <see cref="NoteCommit"/> is called by the writer thread; <see cref="Dispose"/> once.</para>
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>Rows written between two checkpoints (a row is about one WAL page or more).</summary>
    public const int RowsPerCheckpoint = 1000;

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Thread _thread;
    private long _rowsSinceSignal;
    private volatile bool _stopping;

    public WalCheckpointer(string connectionString, string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _thread = new Thread(Run) { IsBackground = true, Name = "kubesharp-sqlite-checkpoint" };
        _thread.Start();
    }

    /// <summary>Counts rows the writer committed; wakes the checkpointer every <see cref="RowsPerCheckpoint"/>.</summary>
    public void NoteCommit(int rows)
    {
        _rowsSinceSignal += rows;
        if (_rowsSinceSignal >= RowsPerCheckpoint)
        {
            _rowsSinceSignal = 0;
            if (_signal.CurrentCount == 0)
            {
                try
                {
                    _signal.Release();
                }
                catch (SemaphoreFullException)
                {
                    // already signalled
                }
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
        }
        _thread.Join();
        _connection.Dispose();
        _signal.Dispose();
    }

    private void Run()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (true)
        {
            _signal.Wait();
            if (_stopping)
            {
                return;
            }
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException exception)
            {
                StoreLog.CheckpointFailed(_logger, exception, _path);
            }
        }
    }
}

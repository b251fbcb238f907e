using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// A statement prepared once on the writer's connection and run through SQLite's C API directly: binding, stepping
/// and reading columns without Microsoft.Data.Sqlite's per-execution objects (command state, data reader, one parameter
/// binder per bound value). Used for the few statements every write runs; it takes part in whatever transaction the
/// connection is in. Writer thread only.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, long? value) => Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Binds a blob; SQLite copies it (the span need not outlive the call).</summary>
    public void Bind(int index, ReadOnlySpan<byte> value)
        => Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Steps once: true when a row is ready (read it with the column accessors), false when done. Throws
    /// <see cref="SqliteException"/> on error (the statement is reset).</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }
        // sqlite3_reset returns the error of the failed step (the extended code for the message).
        var error = raw.sqlite3_reset(_statement);
        SqliteException.ThrowExceptionForRC(error != raw.SQLITE_OK ? error : rc, _db);
        return false;
    }

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Execute()
    {
        try
        {
            Step();
        }
        finally
        {
            Reset();
        }
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    /// <summary>A copy of a blob column (empty for NULL or an empty blob).</summary>
    public byte[] Bytes(int column) => raw.sqlite3_column_blob(_statement, column).ToArray();

    /// <summary>Ends the current execution (call after reading, also when not all rows were read).</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}

using System.Text;
using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// One read-only connection with its prepared statements. Every read runs in its own (deferred) transaction,
/// so it sees one WAL snapshot: the meta row and the rows it reads agree, even while the writer commits.
/// </summary>
/// <remarks>Not thread-safe: used by one caller at a time, handed out by <see cref="ReadConnectionPool"/>.</remarks>
internal sealed class ReadConnection : IDisposable
{
    // The rows visible at $rev in [$start, $end): walk the (key, mod_revision, deleted) index in key order and
    // keep a row when it is live and no newer row of its key exists at or below $rev. Key order comes from the
    // index (no sort), so a LIMIT stops the walk early: a page costs its own size, not the whole range's.
    private const string VisibleInRange = """
        FROM kv AS k INDEXED BY kv_key
        WHERE k.key >= $start AND k.key < $end AND k.mod_revision <= $rev AND k.deleted = 0
          AND NOT EXISTS (SELECT 1 FROM kv AS n INDEXED BY kv_key WHERE n.key = k.key AND n.mod_revision > k.mod_revision AND n.mod_revision <= $rev)
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _meta;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _range;
    private readonly SqliteCommand _rangeKeys;
    private readonly SqliteCommand _count;
    private readonly SqliteCommand _history;

    public ReadConnection(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        StoreSchema.Execute(_connection, "PRAGMA query_only = 1");
        StoreSchema.Execute(_connection, "PRAGMA cache_size = -16384"); // 16 MiB per reader
        _meta = Prepare("SELECT current_revision, compacted_revision FROM meta WHERE id = 1");
        _get = Prepare("SELECT create_revision, mod_revision, version, deleted, value FROM kv WHERE key = $key AND mod_revision <= $rev ORDER BY mod_revision DESC LIMIT 1",
            "$key", "$rev");
        _range = Prepare($"SELECT k.key, k.create_revision, k.mod_revision, k.version, k.value {VisibleInRange} ORDER BY k.key LIMIT $limit",
            "$start", "$end", "$rev", "$limit");
        _rangeKeys = Prepare($"SELECT k.key, k.create_revision, k.mod_revision, k.version {VisibleInRange} ORDER BY k.key LIMIT $limit",
            "$start", "$end", "$rev", "$limit");
        _count = Prepare($"SELECT COUNT(*) {VisibleInRange}", "$start", "$end", "$rev");
        _history = Prepare("""
            SELECT n.key, n.create_revision, n.mod_revision, n.version, n.deleted, n.value,
                   p.create_revision, p.mod_revision, p.version, p.value
            FROM kv AS n LEFT JOIN kv AS p ON p.mod_revision = n.prev_revision
            WHERE n.mod_revision >= $from AND n.mod_revision <= $to AND n.key >= $start AND n.key < $end
            ORDER BY n.mod_revision LIMIT $limit
            """, "$from", "$to", "$start", "$end", "$limit");
    }

    public GetResult Get(string key, byte[] keyBytes, long revision)
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        var served = Resolve(transaction, revision);
        _get.Transaction = transaction;
        _get.Parameters[0].Value = keyBytes;
        _get.Parameters[1].Value = served;
        using var reader = _get.ExecuteReader();
        if (!reader.Read() || reader.GetInt64(3) != 0)
        {
            return new GetResult(null, served);
        }
        return new GetResult(new KeyValue(key, ReadBytes(reader, 4), reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)), served);
    }

    public RangeResult Range(KeyBounds bounds, long revision, long limit, bool keysOnly, bool countOnly)
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        var served = Resolve(transaction, revision);
        if (countOnly)
        {
            return new RangeResult([], served, false, Count(transaction, bounds, served));
        }

        var command = keysOnly ? _rangeKeys : _range;
        command.Transaction = transaction;
        command.Parameters[0].Value = bounds.Start;
        command.Parameters[1].Value = bounds.End;
        command.Parameters[2].Value = served;
        command.Parameters[3].Value = limit > 0 ? limit : -1;
        var kvs = new List<KeyValue>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = Encoding.UTF8.GetString(ReadBytes(reader, 0));
                var value = keysOnly ? ReadOnlyMemory<byte>.Empty : ReadBytes(reader, 4);
                kvs.Add(new KeyValue(key, value, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }
        // Only a full page needs the count of the whole range (same snapshot: same transaction).
        var count = limit > 0 && kvs.Count == limit ? Count(transaction, bounds, served) : kvs.Count;
        return new RangeResult(kvs, served, count > kvs.Count, count);
    }

    private long Count(SqliteTransaction transaction, KeyBounds bounds, long revision)
    {
        _count.Transaction = transaction;
        _count.Parameters[0].Value = bounds.Start;
        _count.Parameters[1].Value = bounds.End;
        _count.Parameters[2].Value = revision;
        return (long)_count.ExecuteScalar()!;
    }

    /// <summary>Changes with revisions in <c>[from, to]</c> in the range, at most <paramref name="limit"/>. When
    /// <paramref name="from"/> is below the compacted revision the page is empty: the caller reports Compacted.</summary>
    public HistoryPage History(KeyBounds bounds, long from, long to, int limit)
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        var (_, compacted) = ReadMeta(transaction);
        var events = new List<WatchEvent>();
        if (from < compacted)
        {
            return new HistoryPage(events, compacted);
        }
        _history.Transaction = transaction;
        _history.Parameters[0].Value = from;
        _history.Parameters[1].Value = to;
        _history.Parameters[2].Value = bounds.Start;
        _history.Parameters[3].Value = bounds.End;
        _history.Parameters[4].Value = limit;
        using var reader = _history.ExecuteReader();
        while (reader.Read())
        {
            var key = Encoding.UTF8.GetString(ReadBytes(reader, 0));
            var modRevision = reader.GetInt64(2);
            var prev = reader.IsDBNull(7)
                ? null
                : new KeyValue(key, ReadBytes(reader, 9), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8));
            events.Add(reader.GetInt64(4) != 0
                ? new WatchEvent(WatchEventType.Delete, new KeyValue(key, ReadOnlyMemory<byte>.Empty, 0, modRevision, 0), prev, modRevision)
                : new WatchEvent(WatchEventType.Put, new KeyValue(key, ReadBytes(reader, 5), reader.GetInt64(1), modRevision, reader.GetInt64(3)), prev, modRevision));
        }
        return new HistoryPage(events, compacted);
    }

    public void Dispose()
    {
        _meta.Dispose();
        _get.Dispose();
        _range.Dispose();
        _rangeKeys.Dispose();
        _count.Dispose();
        _history.Dispose();
        _connection.Dispose();
    }

    /// <remarks>Reads the column's bytes as the statement returned them. (Not GetBytes/GetStream: those may
    /// re-read the blob from the table by a rowid found elsewhere in the row, wrong for a self-join.)</remarks>
    internal static byte[] ReadBytes(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? [] : (byte[])reader.GetValue(ordinal);

    internal static StorageException CompactedError(long revision, long compacted)
        => new(StorageErrorCode.Compacted, $"revision {revision} has been compacted; history is kept from revision {compacted}")
        {
            CompactRevision = compacted,
        };

    private long Resolve(SqliteTransaction transaction, long revision)
    {
        var (current, compacted) = ReadMeta(transaction);
        if (revision == 0)
        {
            return current;
        }
        if (revision > current)
        {
            throw new StorageException(StorageErrorCode.FutureRevision,
                $"revision {revision} is newer than the store's current revision {current}");
        }
        if (revision < compacted)
        {
            throw CompactedError(revision, compacted);
        }
        return revision;
    }

    private (long Current, long Compacted) ReadMeta(SqliteTransaction transaction)
    {
        _meta.Transaction = transaction;
        using var reader = _meta.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// The database layout and the checks made before a file is used: a file that is not SQLite, SQLite without
/// the marker table, or a newer schema version is refused as <see cref="StorageErrorCode.Corrupt"/> and left
/// exactly as it was.
/// </summary>
/// <remarks>
/// <para><c>kv</c> holds history: one row per revision (every write changes exactly one key), keyed by its
/// revision. Deletes are tombstone rows (<c>deleted = 1</c>). <c>prev_revision</c> links a row to the row it
/// replaced (0 after a create), which gives watch events their previous value and lets compaction find
/// superseded rows by walking only the revisions it compacts. <c>expires_at</c> (Unix ms) is set only on the
/// newest row of a key written with a TTL.</para>
/// <para><c>meta</c> holds the current revision (so revisions are never reused, even when every row of the
/// newest ones has been compacted away), the compacted revision and how far compaction has got.</para>
/// </remarks>
internal static class StoreSchema
{
    public const int Version = 1;
    public const string Magic = "kubesharp-kv";
    public const string MarkerTable = "kubesharp_store";

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private const string CreateSql = """
        CREATE TABLE kubesharp_store (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            magic TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            current_revision INTEGER NOT NULL,
            compacted_revision INTEGER NOT NULL,
            compact_progress INTEGER NOT NULL
        );
        CREATE TABLE kv (
            mod_revision INTEGER PRIMARY KEY,
            key BLOB NOT NULL,
            create_revision INTEGER NOT NULL,
            version INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            expires_at INTEGER,
            value BLOB NOT NULL
        );
        CREATE INDEX kv_key ON kv (key, mod_revision, deleted);
        CREATE INDEX kv_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;
        INSERT INTO meta (id, current_revision, compacted_revision, compact_progress) VALUES (1, 0, 0, 1);
        """;

    /// <summary>Refuses a file that exists, is not empty and does not start with SQLite's header, before SQLite
    /// is allowed to touch it.</summary>
    public static void CheckHeader(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            return;
        }
        Span<byte> header = stackalloc byte[16];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        if (read < header.Length || !header.SequenceEqual(SqliteHeader))
        {
            throw new StorageException(StorageErrorCode.Corrupt,
                $"'{path}' is not a KubeSharp store: it is not an SQLite database. Move it away or choose another path; it was left untouched.");
        }
    }

    /// <summary>Checks that a database is empty (true) or a KubeSharp store this build understands (false);
    /// throws <see cref="StorageErrorCode.Corrupt"/> otherwise. Only reads: run it on a read-only connection
    /// first, so that a foreign file is refused before anything could write to it.</summary>
    public static bool Validate(SqliteConnection connection, string path)
    {
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        if (tables.Count == 0)
        {
            return true;
        }
        if (!tables.Contains(MarkerTable))
        {
            throw new StorageException(StorageErrorCode.Corrupt,
                $"'{path}' is an SQLite database but not a KubeSharp store (no {MarkerTable} table; it has: {string.Join(", ", tables)}). It was left untouched.");
        }
        string? magic;
        long version;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT magic, schema_version FROM {MarkerTable} WHERE id = 1";
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new StorageException(StorageErrorCode.Corrupt, $"'{path}' is damaged: its {MarkerTable} table is empty.");
            }
            magic = reader.IsDBNull(0) ? null : reader.GetString(0);
            version = reader.GetInt64(1);
        }
        if (magic != Magic)
        {
            throw new StorageException(StorageErrorCode.Corrupt, $"'{path}' is not a KubeSharp store (marker '{magic}'). It was left untouched.");
        }
        if (version > Version)
        {
            throw new StorageException(StorageErrorCode.Corrupt,
                $"'{path}' has store schema version {version}, newer than this build understands ({Version}); use a newer KubeSharp. It was left untouched.");
        }
        if (version < 1 || !tables.Contains("kv") || !tables.Contains("meta"))
        {
            throw new StorageException(StorageErrorCode.Corrupt, $"'{path}' is damaged: schema version {version} with tables {string.Join(", ", tables)}.");
        }
        return false;
    }

    /// <summary>On the writer's connection: validates, creates the schema when the database is empty, sets the
    /// durability settings and returns the meta row.</summary>
    public static StoreMeta Prepare(SqliteConnection connection, string path, TimeProvider timeProvider, long walSizeLimitBytes)
    {
        if (!Validate(connection, path))
        {
            SetDurability(connection, path, walSizeLimitBytes);
            return ReadMeta(connection, path);
        }

        // A new (or never initialised) database: nothing in it to lose. auto_vacuum must precede the first table.
        Execute(connection, "PRAGMA auto_vacuum = INCREMENTAL");
        SetDurability(connection, path, walSizeLimitBytes);
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CreateSql
            + "INSERT INTO kubesharp_store (id, magic, schema_version, created_at) VALUES (1, $magic, $version, $created);";
        command.Parameters.AddWithValue("$magic", Magic);
        command.Parameters.AddWithValue("$version", Version);
        command.Parameters.AddWithValue("$created", timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        transaction.Commit();
        return ReadMeta(connection, path);
    }

    /// <summary>Whether an SQLite error means the file is damaged or not a database.</summary>
    public static bool IsCorruption(SqliteException exception)
        => (exception.SqliteErrorCode & 0xFF) is 11 /* SQLITE_CORRUPT */ or 26 /* SQLITE_NOTADB */;

    public static StorageException CorruptError(string path, SqliteException exception)
        => new(StorageErrorCode.Corrupt, $"'{path}' is damaged or not a KubeSharp store: {exception.Message}", exception);

    private static void SetDurability(SqliteConnection connection, string path, long walSizeLimitBytes)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL";
            var mode = command.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageException(StorageErrorCode.Unavailable, $"'{path}': SQLite refused WAL mode (journal mode is '{mode}').");
            }
        }
        // FULL: the WAL is fsynced at every commit, so an acknowledged write survives a power cut.
        Execute(connection, "PRAGMA synchronous = FULL");
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA journal_size_limit = {walSizeLimitBytes}"));
    }

    private static StoreMeta ReadMeta(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_revision, compacted_revision, compact_progress FROM meta WHERE id = 1";
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new StorageException(StorageErrorCode.Corrupt, $"'{path}' is damaged: its meta row is missing.");
        }
        return new StoreMeta(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

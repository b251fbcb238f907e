using KubeSharp.ApiServer.Rest;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Compressed runs of a resource's list items, so a gzip list reply is mostly cached bytes: a list's items are cut
/// into chunks at content-defined boundaries (an item whose key hashes to 0 mod <see cref="AverageItems"/> starts
/// one), each chunk is compressed once into a <see cref="DeflatePiece"/> and reused while the same objects (the same
/// <see cref="CachedObject"/> instances, so the same revisions) make it up. A changed, added or deleted object costs
/// the recompression of its chunk only. Cross-item redundancy (pods are much alike) stays within a chunk, so the
/// ratio is close to compressing the whole list as one stream.
/// </summary>
/// <remarks>Thread-safe. Bounded by <see cref="BudgetBytes"/> of compressed data (least recently used go first).</remarks>
public sealed class CompressedChunks
{
    /// <summary>Items per chunk on average.</summary>
    public const int AverageItems = 64;

    /// <summary>A chunk ends after this many items or uncompressed bytes even without a boundary.</summary>
    public const int MaxItems = 256;

    public const int MaxBytes = 1 << 20;

    private readonly object _lock = new();
    private readonly Dictionary<ChunkKey, Chunk> _chunks = [];
    private long _bytes;
    private long _clock;

    public CompressedChunks(long budgetBytes = 32L << 20)
    {
        BudgetBytes = budgetBytes;
    }

    /// <summary>The most compressed bytes kept.</summary>
    public long BudgetBytes { get; }

    /// <summary>Chunks held (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _chunks.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="key"/> starts a chunk.</summary>
    public static bool IsBoundary(string key) => (uint)string.GetHashCode(key, StringComparison.Ordinal) % AverageItems == 0;

    /// <summary>
    /// The pieces of <paramref name="items"/> encoded by <paramref name="encode"/> and joined by
    /// <paramref name="separator"/> (nothing before the first item), chunk by chunk from the cache.
    /// <paramref name="variant"/> tells encodings apart (served version, JSON or protobuf).
    /// </summary>
    public List<DeflatePiece> Pieces(IReadOnlyList<CachedObject> items, int variant, Func<CachedObject, byte[]> encode, ReadOnlyMemory<byte> separator, int level)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(encode);
        var pieces = new List<DeflatePiece>(items.Count / AverageItems + 2);
        var start = 0;
        long bytes = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (i > start && (IsBoundary(items[i].Key) || i - start >= MaxItems || bytes >= MaxBytes))
            {
                pieces.Add(PieceOf(items, start, i, variant, encode, separator, level));
                start = i;
                bytes = 0;
            }
            bytes += encode(items[i]).Length;
        }
        if (items.Count > start)
        {
            pieces.Add(PieceOf(items, start, items.Count, variant, encode, separator, level));
        }
        return pieces;
    }

    private DeflatePiece PieceOf(IReadOnlyList<CachedObject> items, int start, int end, int variant, Func<CachedObject, byte[]> encode, ReadOnlyMemory<byte> separator, int level)
    {
        // The first item of the list has no separator before it; every later chunk starts with one.
        var leading = start > 0 && !separator.IsEmpty;
        var key = new ChunkKey(variant, leading, level, items[start].Key, items[end - 1].Key, end - start);
        lock (_lock)
        {
            if (_chunks.TryGetValue(key, out var cached) && SameItems(cached.Items, items, start))
            {
                cached.LastUsed = ++_clock;
                return cached.Piece;
            }
        }
        var members = new CachedObject[end - start];
        var parts = new List<ReadOnlyMemory<byte>>((end - start) * 2);
        for (var i = start; i < end; i++)
        {
            members[i - start] = items[i];
            if (i > start || leading)
            {
                parts.Add(separator);
            }
            parts.Add(encode(items[i]));
        }
        var piece = GzipPieces.Compress(parts, level);
        lock (_lock)
        {
            if (_chunks.Remove(key, out var replaced))
            {
                _bytes -= replaced.Piece.Deflate.Length;
            }
            _chunks[key] = new Chunk(members, piece) { LastUsed = ++_clock };
            _bytes += piece.Deflate.Length;
            if (_bytes > BudgetBytes)
            {
                Evict();
            }
        }
        return piece;
    }

    private static bool SameItems(CachedObject[] cached, IReadOnlyList<CachedObject> items, int start)
    {
        for (var i = 0; i < cached.Length; i++)
        {
            if (!ReferenceEquals(cached[i], items[start + i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Drops the least recently used chunks down to half the budget.</summary>
    private void Evict()
    {
        foreach (var (key, chunk) in _chunks.OrderBy(c => c.Value.LastUsed).ToList())
        {
            if (_bytes <= BudgetBytes / 2)
            {
                break;
            }
            _chunks.Remove(key);
            _bytes -= chunk.Piece.Deflate.Length;
        }
    }

    private readonly record struct ChunkKey(int Variant, bool Leading, int Level, string FirstKey, string LastKey, int Count);

    private sealed class Chunk(CachedObject[] items, DeflatePiece piece)
    {
        public CachedObject[] Items { get; } = items;

        public DeflatePiece Piece { get; } = piece;

        public long LastUsed { get; set; }
    }
}

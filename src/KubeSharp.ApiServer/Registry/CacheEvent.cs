namespace KubeSharp.ApiServer.Registry;

/// <summary>A change the watch cache saw: the object after it (for deletes: the last state, stamped with the
/// deletion's revision) and before it.</summary>
public sealed record CacheEvent(ApiWatchEventType Type, CachedObject Object, CachedObject? Previous, long Revision);

namespace KubeSharp.Storage.Sqlite;

/// <summary>A committed change on its way to the watchers, with its key as bytes for range matching.</summary>
internal readonly record struct CommittedEvent(byte[] Key, WatchEvent Event);

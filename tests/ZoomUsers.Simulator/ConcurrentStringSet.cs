using System.Collections;

namespace ZoomUsers.Simulator;

/// <summary>
/// A case-insensitive set that tests may edit while requests read it. One lock around a HashSet keeps
/// every ISet operation atomic; the lock is held for microseconds and never across an await.
/// </summary>
internal sealed class ConcurrentStringSet : ISet<string>
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _items = new(StringComparer.OrdinalIgnoreCase);

    public int Count { get { lock (_gate) return _items.Count; } }

    public bool IsReadOnly => false;

    public bool Add(string item) { lock (_gate) return _items.Add(item); }

    void ICollection<string>.Add(string item) => Add(item);

    public bool Remove(string item) { lock (_gate) return _items.Remove(item); }

    public bool Contains(string item) { lock (_gate) return _items.Contains(item); }

    public void Clear() { lock (_gate) _items.Clear(); }

    public void CopyTo(string[] array, int arrayIndex) { lock (_gate) _items.CopyTo(array, arrayIndex); }

    public void ExceptWith(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) _items.ExceptWith(o); }

    public void IntersectWith(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) _items.IntersectWith(o); }

    public void SymmetricExceptWith(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) _items.SymmetricExceptWith(o); }

    public void UnionWith(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) _items.UnionWith(o); }

    public bool IsProperSubsetOf(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) return _items.IsProperSubsetOf(o); }

    public bool IsProperSupersetOf(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) return _items.IsProperSupersetOf(o); }

    public bool IsSubsetOf(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) return _items.IsSubsetOf(o); }

    public bool IsSupersetOf(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) return _items.IsSupersetOf(o); }

    public bool Overlaps(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) return _items.Overlaps(o); }

    public bool SetEquals(IEnumerable<string> other) { var o = Materialize(other); lock (_gate) return _items.SetEquals(o); }

    /// <summary>Enumerates a snapshot, so callers may edit the set while enumerating.</summary>
    public IEnumerator<string> GetEnumerator()
    {
        string[] snapshot;
        lock (_gate)
            snapshot = [.. _items];
        return ((IEnumerable<string>)snapshot).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Enumerating a caller's sequence (possibly this very set) must happen outside the lock.
    private static string[] Materialize(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. other];
    }
}

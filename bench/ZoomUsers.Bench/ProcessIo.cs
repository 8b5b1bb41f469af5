using System.Globalization;

namespace ZoomUsers.Bench;

/// <summary>
/// What this process has read, from Linux's /proc/self/io: <c>rchar</c>, every byte read(2) returned
/// (files from the page cache or the disk, and the runtime's own reads of /proc, such as the GC's
/// memory-load checks), and <c>read_bytes</c>, what had to come from the disk. Zeros elsewhere.
/// </summary>
internal readonly record struct ProcessIo(long Read, long FromDisk)
{
    public static ProcessIo Now()
    {
        if (!OperatingSystem.IsLinux()) return default;
        long read = 0, disk = 0;
        foreach (var line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("rchar:", StringComparison.Ordinal)) read = long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("read_bytes:", StringComparison.Ordinal)) disk = long.Parse(line.AsSpan(11).Trim(), CultureInfo.InvariantCulture);
        }
        return new ProcessIo(read, disk);
    }

    public static ProcessIo operator -(ProcessIo a, ProcessIo b) => new(a.Read - b.Read, a.FromDisk - b.FromDisk);
}

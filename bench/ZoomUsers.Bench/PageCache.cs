using System.Diagnostics;

namespace ZoomUsers.Bench;

/// <summary>
/// Empties Linux's page cache (and its inode and dentry caches), so a run reads its files from the
/// disk as the first night after a reboot, or a file share, would. Needs root; elsewhere it cannot.
/// </summary>
internal static class PageCache
{
    private const string Control = "/proc/sys/vm/drop_caches";

    /// <summary>True when the cache can be dropped here (it is, once, to find out).</summary>
    public static bool CanDrop()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            Drop();
            return true;
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void Drop()
    {
        // Dirty pages are written first, or they stay cached.
        using (var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false })!) sync.WaitForExit();
        File.WriteAllText(Control, "3\n");
    }
}

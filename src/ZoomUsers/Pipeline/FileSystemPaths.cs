using System;
using System.Management.Automation;

namespace ZoomUsers.Pipeline
{
    /// <summary>What a path a user typed must be to name a file: a FileSystem provider path that resolves.</summary>
    internal static class FileSystemPaths
    {
        public static bool IsFileSystem(ProviderInfo provider) =>
            string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

        /// <summary>What GetUnresolvedProviderPathFromPSPath throws for a path it cannot turn into a provider path.</summary>
        public static bool IsUnusablePath(Exception ex) =>
            ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException ||
            ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException;
    }
}

namespace ZoomUsers.Loading
{
    /// <summary>
    /// What ZoomUsers.dll calls on PowerShell 7. A plain static class: the compiler needs a caller of
    /// <see cref="DependencyLoadContext"/>'s own members to reference System.Runtime.Loader, and
    /// ZoomUsers.dll must not, so that nothing in it points at AssemblyLoadContext.
    /// </summary>
    internal static class LoadContextHooks
    {
        public static void Register(string directory) => DependencyLoadContext.Register(directory);

        public static void Unregister() => DependencyLoadContext.Unregister();
    }
}

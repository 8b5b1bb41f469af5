using System;
using System.IO;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// A picture's bytes read in full from any stream: <see cref="Stream.Read(byte[], int, int)"/> may
    /// return fewer bytes than asked for (a file share, a pipe) without being at the end, and .NET's
    /// ReadExactly is not on netstandard2.0.
    /// </summary>
    internal static class StreamBytes
    {
        /// <summary>The next <paramref name="count"/> bytes, or fewer when the stream ends first.</summary>
        public static byte[] ReadUpTo(Stream stream, int count)
        {
            var buffer = new byte[count];
            var total = 0;
            while (total < count)
            {
                var read = stream.Read(buffer, total, count - total);
                if (read == 0) break;
                total += read;
            }
            if (total < count) Array.Resize(ref buffer, total);
            return buffer;
        }
    }
}

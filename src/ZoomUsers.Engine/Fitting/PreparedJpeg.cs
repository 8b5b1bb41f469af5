using System;
using System.Threading;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// The bytes of a JPEG -Fit prepared, read by each upload attempt. A row parked for its second
    /// round lets go of them (<see cref="Release"/>) and has them prepared again when the round runs
    /// (<see cref="Refill"/>), so a parked -Fit row holds its source's path, not a prepared picture.
    /// </summary>
    internal sealed class PreparedJpeg
    {
        private byte[]? _bytes;
        private long _length;

        public PreparedJpeg(byte[] bytes)
        {
            _bytes = bytes;
            _length = bytes.Length;
        }

        /// <summary>The bytes to send; they must be prepared again once let go of.</summary>
        public byte[] Bytes => Volatile.Read(ref _bytes) ?? throw new InvalidOperationException("The prepared picture was let go of while the row waited, and has not been prepared again.");

        /// <summary>The size of the bytes held, or of the last ones held (for a message while none are).</summary>
        public long Length => Interlocked.Read(ref _length);

        public bool IsHeld => Volatile.Read(ref _bytes) != null;

        public void Release() => Volatile.Write(ref _bytes, null);

        public void Refill(byte[] bytes)
        {
            Interlocked.Exchange(ref _length, bytes.Length);
            Volatile.Write(ref _bytes, bytes);
        }
    }
}

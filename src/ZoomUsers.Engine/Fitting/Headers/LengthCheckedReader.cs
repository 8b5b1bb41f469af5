using System.IO;
using MetadataExtractor.IO;

namespace ZoomUsers.Fitting.Headers
{
    /// <summary>
    /// MetadataExtractor's stream reader, refusing a read longer than what is left of the stream
    /// before it allocates for it. Its own reader allocates the length a chunk declares first and
    /// finds the file too short after: a 100-byte WebP or GIF whose chunk claims 2 GB would cost
    /// 2 GB on every row reading it.
    /// </summary>
    internal sealed class LengthCheckedReader : SequentialStreamReader
    {
        private readonly Stream _stream;

        public LengthCheckedReader(Stream stream, bool isMotorolaByteOrder = true)
            : base(stream, isMotorolaByteOrder) => _stream = stream;

        public override byte[] GetBytes(int count)
        {
            if (count < 0 || count > _stream.Length - _stream.Position)
                throw new IOException($"A length of {count:N0} bytes runs past the end of the data.");
            return base.GetBytes(count);
        }

        public override SequentialReader WithByteOrder(bool isMotorolaByteOrder) =>
            isMotorolaByteOrder == IsMotorolaByteOrder ? this : new LengthCheckedReader(_stream, isMotorolaByteOrder);
    }
}

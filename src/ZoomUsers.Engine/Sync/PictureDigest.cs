using System;
using System.Security.Cryptography;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// The SHA-256 of a picture's bytes, held as four integers so 100,000 of them cost 3 MB and no
    /// array each. Written as 64 lowercase hex digits, the form <c>Get-FileHash</c> shows (upper case).
    /// </summary>
    internal readonly struct PictureDigest : IEquatable<PictureDigest>
    {
        private readonly ulong _a, _b, _c, _d;

        private PictureDigest(ulong a, ulong b, ulong c, ulong d)
        {
            _a = a; _b = b; _c = c; _d = d;
        }

        public static PictureDigest Of(byte[] bytes)
        {
            // IncrementalHash, not SHA256.Create(): on .NET Framework before 4.8 that is SHA256Managed,
            // which throws under the Windows FIPS policy; IncrementalHash uses the OS's (CNG) there and
            // on .NET. One instance per call: it is not thread-safe, and rows hash on several threads.
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(bytes);
            var hash = sha.GetHashAndReset();
            return new PictureDigest(Read(hash, 0), Read(hash, 8), Read(hash, 16), Read(hash, 24));
        }

        /// <summary>Of a stream's bytes, read in pieces through a pooled buffer: a picture file is hashed without being held.</summary>
        public static PictureDigest Of(System.IO.Stream stream)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferBytes);
            try
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) sha.AppendData(buffer, 0, read);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
            return Finish(sha);
        }

        /// <summary>The buffer a stream is read through when hashed or sent: small enough never to be a large-object allocation.</summary>
        internal const int BufferBytes = 16 * 1024;

        /// <summary>A SHA-256 for a caller that feeds it the bytes as they go (IncrementalHash, for the reason <see cref="Of(byte[])"/> gives).</summary>
        public static IncrementalHash StartHash() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        /// <summary>The digest of what <paramref name="sha"/> was fed.</summary>
        public static PictureDigest Finish(IncrementalHash sha)
        {
            var hash = sha.GetHashAndReset();
            return new PictureDigest(Read(hash, 0), Read(hash, 8), Read(hash, 16), Read(hash, 24));
        }

        public static bool TryParse(string? hex, out PictureDigest digest)
        {
            digest = default;
            if (hex == null || hex.Length != 64) return false;
            var parts = new ulong[4];
            for (var i = 0; i < 64; i++)
            {
                var nibble = Nibble(hex[i]);
                if (nibble < 0) return false;
                parts[i / 16] = (parts[i / 16] << 4) | (uint)nibble;
            }
            digest = new PictureDigest(parts[0], parts[1], parts[2], parts[3]);
            return true;
        }

        public override string ToString() => $"{_a:x16}{_b:x16}{_c:x16}{_d:x16}";

        public bool Equals(PictureDigest other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;
        public override bool Equals(object? obj) => obj is PictureDigest other && Equals(other);
        public override int GetHashCode() => _a.GetHashCode();
        public static bool operator ==(PictureDigest left, PictureDigest right) => left.Equals(right);
        public static bool operator !=(PictureDigest left, PictureDigest right) => !left.Equals(right);

        private static ulong Read(byte[] b, int at)
        {
            ulong v = 0;
            for (var i = 0; i < 8; i++) v = (v << 8) | b[at + i];
            return v;
        }

        private static int Nibble(char c) =>
            c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1;
    }
}

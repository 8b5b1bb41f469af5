using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Auth
{
    /// <summary>A token obtained elsewhere (Connect-Zoom -AccessToken): used as is until Zoom refuses it.</summary>
    internal sealed class StaticTokenSource : ITokenSource
    {
        private readonly AccessToken _token;

        public StaticTokenSource(AccessToken token) => _token = token;

        public bool CanRenew => false;

        public Task<AccessToken> AcquireAsync(CancellationToken cancellationToken) => Task.FromResult(_token);
    }
}

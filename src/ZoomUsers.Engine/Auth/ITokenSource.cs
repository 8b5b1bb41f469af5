using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Auth
{
    internal interface ITokenSource
    {
        /// <summary>False for a token handed to Connect-Zoom: there is nothing to renew it with.</summary>
        bool CanRenew { get; }

        Task<AccessToken> AcquireAsync(CancellationToken cancellationToken);
    }
}

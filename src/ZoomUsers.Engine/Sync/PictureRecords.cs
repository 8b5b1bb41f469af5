using System;
using System.Collections.Generic;
using System.Linq;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// The records in memory: per Zoom account, per user (both compared case-insensitively), the
    /// user's <see cref="PictureRecord"/>. Not thread-safe: <see cref="PictureState"/> guards it.
    /// </summary>
    internal sealed class PictureRecords
    {
        private static readonly StringComparer KeyComparer = StringComparer.OrdinalIgnoreCase;
        private readonly Dictionary<string, Dictionary<string, PictureRecord>> _accounts = new Dictionary<string, Dictionary<string, PictureRecord>>(KeyComparer);

        public int Count => _accounts.Values.Sum(u => u.Count);

        /// <summary>One account's users, created empty when the account has none yet.</summary>
        public Dictionary<string, PictureRecord> Account(string account)
        {
            if (!_accounts.TryGetValue(account, out var users))
                _accounts[account] = users = new Dictionary<string, PictureRecord>(KeyComparer);
            return users;
        }

        public void Set(string account, string user, PictureRecord record) => Account(account)[user] = record;

        public bool Remove(string account, string user) => _accounts.TryGetValue(account, out var users) && users.Remove(user);

        /// <summary>Every record, accounts then users in ordinal order, so a saved file diffs cleanly from night to night.</summary>
        public IEnumerable<(string Account, string User, PictureRecord Record)> InOrder() =>
            from account in _accounts.OrderBy(a => a.Key, StringComparer.Ordinal)
            from user in account.Value.OrderBy(u => u.Key, StringComparer.Ordinal)
            select (account.Key, user.Key, user.Value);
    }
}

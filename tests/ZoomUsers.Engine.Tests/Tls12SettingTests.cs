using System.Net;
using ZoomUsers.Http;

namespace ZoomUsers.Engine.Tests;

/// <summary>The one process-wide setting the module may touch on .NET Framework: widened only when it would exclude TLS 1.2.</summary>
public sealed class Tls12SettingTests
{
    // SecurityProtocolType's values: SystemDefault 0, Ssl3 48, Tls 192, Tls11 768, Tls12 3072, Tls13 12288.
    private const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;

    [Fact]
    public void SystemDefault_is_left_alone_so_the_OS_keeps_TLS_1_3() =>
        Assert.Null(Tls12Setting.Widen((SecurityProtocolType)0));

    [Theory]
    [InlineData(SecurityProtocolType.Tls12)]
    [InlineData(SecurityProtocolType.Tls12 | Tls13)]
#pragma warning disable CA5364 // Old protocols on purpose: the setting a process may have been left with is the input.
    [InlineData(SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12)]
#pragma warning restore CA5364
    public void A_setting_that_already_includes_TLS_1_2_is_left_alone(SecurityProtocolType current) =>
        Assert.Null(Tls12Setting.Widen(current));

    [Theory]
#pragma warning disable CA5364 // Old protocols on purpose: the setting a process may have been left with is the input.
#pragma warning disable CS0618 // Ssl3 is obsolete; it is still a value a process can be left with.
    [InlineData(SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls)]
#pragma warning restore CS0618
    [InlineData(SecurityProtocolType.Tls)]
    [InlineData(SecurityProtocolType.Tls | SecurityProtocolType.Tls11)]
#pragma warning restore CA5364
    [InlineData(Tls13)]
    public void A_setting_without_TLS_1_2_gains_it_and_keeps_everything_it_had(SecurityProtocolType current) =>
        Assert.Equal(current | SecurityProtocolType.Tls12, Tls12Setting.Widen(current));
}

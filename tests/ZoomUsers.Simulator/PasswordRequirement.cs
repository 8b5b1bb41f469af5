namespace ZoomUsers.Simulator;

/// <summary>
/// The account's "enhanced" password rules, served as Zoom's security.password_requirement so a client
/// can read them before choosing a password, and enforced by <see cref="PasswordRules"/>.
/// </summary>
public sealed class PasswordRequirement
{
    private volatile int _minimumPasswordLength;
    private volatile bool _haveSpecialCharacter;
    private volatile int _consecutiveCharactersLength;
    private volatile bool _weakEnhanceDetection;

    /// <summary>0 = off, else 8-14 on a real account.</summary>
    public int MinimumPasswordLength { get => _minimumPasswordLength; set => _minimumPasswordLength = value; }

    public bool HaveSpecialCharacter { get => _haveSpecialCharacter; set => _haveSpecialCharacter = value; }

    /// <summary>0 = off, else 4-8 on a real account.</summary>
    public int ConsecutiveCharactersLength { get => _consecutiveCharactersLength; set => _consecutiveCharactersLength = value; }

    /// <summary>Served only: the simulator has no weak-password dictionary (force 1136 with SimUser.PasswordError).</summary>
    public bool WeakEnhanceDetection { get => _weakEnhanceDetection; set => _weakEnhanceDetection = value; }
}

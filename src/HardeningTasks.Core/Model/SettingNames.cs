namespace HardeningTasks.Core.Model;

/// <summary>
/// How a front end spells its settings, for the messages that tell a user what to change: the build names MSBuild
/// properties (<c>-p:HardeningUpdateBaseline=true</c>), the command line names its options (<c>--update-baseline</c>).
/// </summary>
public sealed class SettingNames
{
    /// <summary>The MSBuild package's properties.</summary>
    public static readonly SettingNames MSBuild = new()
    {
        NoWarn = "NoWarn",
        WarningsAsErrors = "WarningsAsErrors",
        WarningsNotAsErrors = "WarningsNotAsErrors",
        UpdateBaseline = "-p:HardeningUpdateBaseline=true",
        MaxFileSize = "HardeningMaxFileSize",
        TrustedRegistries = "HardeningTrustedRegistries",
    };

    /// <summary>The <c>hardening</c> tool's options.</summary>
    public static readonly SettingNames CommandLine = new()
    {
        NoWarn = "--nowarn",
        WarningsAsErrors = "--warnaserror",
        UpdateBaseline = "--update-baseline",
        MaxFileSize = "--max-file-size",
        TrustedRegistries = "--trusted-registries",
    };

    /// <summary>The list of rule IDs whose warnings are hidden.</summary>
    public string NoWarn { get; init; } = "";

    /// <summary>The list of rule IDs whose warnings are errors.</summary>
    public string WarningsAsErrors { get; init; } = "";

    /// <summary>The list of rule IDs that TreatWarningsAsErrors leaves warnings (empty where the front end has none).</summary>
    public string WarningsNotAsErrors { get; init; } = "";

    /// <summary>What writes the baseline again from the current findings.</summary>
    public string UpdateBaseline { get; init; } = "";

    /// <summary>The largest file that is read.</summary>
    public string MaxFileSize { get; init; } = "";

    /// <summary>The registries HRD004 trusts.</summary>
    public string TrustedRegistries { get; init; } = "";
}

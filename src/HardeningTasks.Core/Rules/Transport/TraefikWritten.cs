using System.Text;
using HardeningTasks.Core.Model.Traefik;

namespace HardeningTasks.Core.Rules.Transport;

/// <summary>A Traefik setting the way its source writes it, for messages: <c>--api.debug=true</c>,
/// <c>TRAEFIK_API_DEBUG=true</c>, <c>api.debug: true</c> (files, in the dotted form), a label's key.</summary>
internal static class TraefikWritten
{
    public static string Key(TraefikSetting setting) => setting.Source switch
    {
        TraefikSource.Command => "--" + setting.WrittenKey,
        TraefikSource.Environment => "TRAEFIK_" + EnvironmentName(setting.WrittenKey),
        TraefikSource.Label => "traefik." + setting.WrittenKey,
        _ => setting.WrittenKey,
    };

    public static string WithValue(TraefikSetting setting) => setting.Source switch
    {
        TraefikSource.File => Key(setting) + ": " + setting.Value,
        TraefikSource.Command when setting.Node == null => Key(setting),
        _ => Key(setting) + "=" + setting.Value,
    };

    /// <summary><c>entryPoints.web[0].x</c> → <c>ENTRYPOINTS_WEB_0_X</c>.</summary>
    private static string EnvironmentName(string key)
    {
        var name = new StringBuilder(key.Length);
        foreach (var c in key)
            name.Append(c is '.' or '[' ? '_' : c == ']' ? '\0' : char.ToUpperInvariant(c));
        return name.ToString().Replace("\0", "");
    }
}

using System.Text;

namespace HardeningTasks;

/// <summary>
/// The escaping of the tab-separated caches in <c>obj/hardening</c> (the findings the report replays, the incremental
/// scan's units): <c>\</c>, tab, CR and LF become <c>\\</c>, <c>\t</c>, <c>\r</c>, <c>\n</c>. Compiled into both
/// HardeningTasks.Core and HardeningTasks.dll from this one file: the replay on a no-op build must not load the engine.
/// </summary>
internal static class TabSeparatedText
{
    public static string Escape(string value)
    {
        if (value.IndexOfAny(new[] { '\\', '\t', '\r', '\n' }) < 0) return value;
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    public static string Unescape(string value)
    {
        if (value.IndexOf('\\') < 0) return value;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 == value.Length) { sb.Append(c); continue; }
            var next = value[++i];
            sb.Append(next switch { 't' => '\t', 'r' => '\r', 'n' => '\n', _ => next });
        }
        return sb.ToString();
    }
}

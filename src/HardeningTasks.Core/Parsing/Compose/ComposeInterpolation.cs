using System;
using System.Collections.Generic;
using System.Text;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Parsing.Compose;

/// <summary>A variable's value, and the variables it was built from that were unset with no default
/// (a <c>.env</c> line <c>TAG=${UPSTREAM}</c> with <c>UPSTREAM</c> unset): such a value cannot be known from the repository.</summary>
public sealed class EnvValue
{
    public EnvValue(string value, IReadOnlyList<string>? unresolved = null)
    {
        Value = value;
        Unresolved = unresolved ?? Array.Empty<string>();
    }

    public string Value { get; }
    public IReadOnlyList<string> Unresolved { get; }

    public override string ToString() => Value;
}

/// <summary>The result of interpolating one string: the value Docker Compose would use, the variables that were
/// unset with no default, and an error when compose would refuse the string (an unterminated <c>${</c>).</summary>
public sealed class Substitution
{
    public Substitution(string value, IReadOnlyList<string> unresolved, string? error, int errorIndex = 0)
    {
        Value = value;
        Unresolved = unresolved;
        Error = error;
        ErrorIndex = errorIndex;
    }

    public string Value { get; }
    public IReadOnlyList<string> Unresolved { get; }
    public string? Error { get; }

    /// <summary>Where in the text the expression in error starts (its <c>$</c>).</summary>
    public int ErrorIndex { get; }
}

/// <summary>
/// Compose-specification interpolation: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+replacement}</c>, <c>${VAR+replacement}</c>, nested
/// expressions in defaults and replacements, and <c>$$</c> for a literal <c>$</c>. Names are
/// <c>[_A-Za-z][_A-Za-z0-9]*</c>; a <c>$</c> followed by anything else is kept as written, as compose does.
/// An unset variable without a default becomes the empty string (compose's "defaulting to a blank string") and is
/// listed as unresolved; so is a <c>${VAR:?err}</c> whose variable is unset, which compose would refuse at deploy time
/// but which the repository cannot decide. Never throws.
/// </summary>
public static class ComposeInterpolation
{
    private static readonly IReadOnlyList<string> None = Array.Empty<string>();

    /// <summary>Nesting limit for defaults inside defaults; far beyond anything written by hand.</summary>
    private const int MaxNesting = 64;

    /// <param name="budget">What the file's substitutions may produce in all; a value it refuses is an error at its <c>$</c>.</param>
    /// <param name="unset">What an unset variable without a default becomes (compose: the empty string); a path pattern
    /// puts a placeholder there to match against the files that exist.</param>
    public static Substitution Substitute(string text, Func<string, EnvValue?> lookup, ExpansionBudget? budget = null, Func<string, string>? unset = null)
    {
        if (text.IndexOf('$') < 0) return new Substitution(text, None, null);
        var state = new State(lookup, budget, unset);
        var value = Expand(text, state, 0, 0);
        return new Substitution(value, state.Unresolved.Count == 0 ? None : state.Unresolved, state.Error, state.ErrorIndex);
    }

    private sealed class State
    {
        public State(Func<string, EnvValue?> lookup, ExpansionBudget? budget, Func<string, string>? unset)
        {
            Lookup = lookup;
            Budget = budget;
            UnsetText = unset;
        }

        public Func<string, string>? UnsetText { get; }

        public Func<string, EnvValue?> Lookup { get; }
        public ExpansionBudget? Budget { get; }
        public List<string> Unresolved { get; } = new();
        public string? Error { get; private set; }
        public int ErrorIndex { get; private set; }

        public void Fail(string message, int index)
        {
            if (Error != null) return;
            Error = message;
            ErrorIndex = index;
        }

        /// <summary>The value of a set variable as substituted at <paramref name="dollar"/>; "" and an error when the budget refuses it.</summary>
        public string Use(string name, EnvValue found, int dollar)
        {
            if (Budget != null && !Budget.TrySpend(found.Value.Length, name))
            {
                // The first refusal is the file's error; the ones after it only make their values unknown.
                if (Budget.Refusals == 1) Fail(Budget.Describe(name, "Docker Compose would run out of memory on it too; HardeningTasks stops here."), dollar);
                else AddUnresolved(name);
                return "";
            }
            AddUnresolved(found.Unresolved);
            return found.Value;
        }

        public void AddUnresolved(string name)
        {
            if (!Unresolved.Contains(name)) Unresolved.Add(name);
        }

        /// <summary>An unset variable without a default: listed, and replaced by "" (or the caller's placeholder).</summary>
        public string Unset(string name)
        {
            AddUnresolved(name);
            return UnsetText?.Invoke(name) ?? "";
        }

        public void AddUnresolved(IReadOnlyList<string> names)
        {
            foreach (var name in names) AddUnresolved(name);
        }
    }

    private static string Expand(string text, State state, int depth, int offset)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var close = ClosingBrace(text, i);
                if (close < 0)
                {
                    state.Fail($"'{Excerpt(text.Substring(i))}' opens '${{' with no closing '}}'; Docker Compose refuses the file (write '$$' for a literal '$').", offset + i);
                    result.Append(text, i, text.Length - i);
                    return result.ToString();
                }
                result.Append(ExpandBraced(text.Substring(i + 2, close - i - 2), state, depth, offset + i));
                i = close + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNameChar(text[end])) end++;
                result.Append(Lookup(text.Substring(i + 1, end - i - 1), state, offset + i));
                i = end;
            }
            else
            {
                result.Append('$');
                i++;
            }
        }
        return result.ToString();
    }

    /// <summary>The index of the <c>}</c> closing the <c>${</c> at <paramref name="start"/>, counting nested <c>${</c> as compose does; -1 when there is none.</summary>
    private static int ClosingBrace(string text, int start)
    {
        var open = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '}')
            {
                open--;
                if (open == 0) return i;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                open++;
                i++;
            }
        }
        return -1;
    }

    private static string ExpandBraced(string inner, State state, int depth, int dollar)
    {
        var nameEnd = 0;
        if (inner.Length > 0 && IsNameStart(inner[0]))
        {
            nameEnd = 1;
            while (nameEnd < inner.Length && IsNameChar(inner[nameEnd])) nameEnd++;
        }
        if (nameEnd == 0)
        {
            state.Fail($"'{Excerpt("${" + inner + "}")}' is not a valid interpolation: a variable name ([A-Za-z_][A-Za-z0-9_]*) must follow '${{'; Docker Compose refuses the file (write '$$' for a literal '$').", dollar);
            return "";
        }

        var name = inner.Substring(0, nameEnd);
        if (nameEnd == inner.Length) return Lookup(name, state, dollar);

        var colon = inner[nameEnd] == ':';
        var opIndex = colon ? nameEnd + 1 : nameEnd;
        var op = opIndex < inner.Length ? inner[opIndex] : '\0';
        if (op != '-' && op != '?' && op != '+')
        {
            state.Fail($"'{Excerpt("${" + inner + "}")}' is not a valid interpolation: after the name compose accepts only ':-', '-', ':?', '?', ':+' or '+'; Docker Compose refuses the file (write '$$' for a literal '$').", dollar);
            return "";
        }
        if (depth >= MaxNesting)
        {
            state.Fail($"Interpolation nests deeper than {MaxNesting} levels.", dollar);
            return "";
        }

        var argument = inner.Substring(opIndex + 1);
        var argumentOffset = dollar + 2 + opIndex + 1;
        var found = state.Lookup(name);
        var isSet = colon ? found != null && found.Value.Length > 0 : found != null;
        switch (op)
        {
            case '-':
                if (isSet) return state.Use(name, found!, dollar);
                return Expand(argument, state, depth + 1, argumentOffset);
            case '+':
                return isSet ? Expand(argument, state, depth + 1, argumentOffset) : "";
            default: // '?': required
                if (isSet) return state.Use(name, found!, dollar);
                return state.Unset(name);
        }
    }

    private static string Lookup(string name, State state, int dollar)
    {
        var found = state.Lookup(name);
        if (found != null) return state.Use(name, found, dollar);
        return state.Unset(name);
    }

    private static string Excerpt(string text)
    {
        var line = text.IndexOf('\n');
        if (line >= 0) text = text.Substring(0, line);
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    private static bool IsNameStart(char c) => c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static bool IsNameChar(char c) => IsNameStart(c) || (c >= '0' && c <= '9');
}

namespace HardeningTasks.Core.Model;

/// <summary>
/// How many characters variable substitution may produce for one file, summed over every value it substitutes, before
/// it refuses to substitute more. Real files substitute a few kilobytes in all; forty lines of <c>V1=${V0}${V0}</c>,
/// <c>V2=${V1}${V1}</c>… double a value at each line and ask for more memory than any machine has (the expansion bomb,
/// YAML's billion laughs through variables instead of aliases), and a thousand lines of <c>W=${BIG}</c> copy one large
/// value a thousand times. The budget bounds both: what a file can make us hold or copy is its own size plus the budget.
/// Once a substitution is refused every later non-empty one is too, so what counts as unknown does not depend on value sizes.
/// </summary>
public sealed class ExpansionBudget
{
    /// <summary>8 Mi characters (16 MB): far beyond real files: the corpus and every fixture give the same findings with 16 Ki.</summary>
    public const int DefaultCharacters = 8 * 1024 * 1024;

    private readonly object gate = new();
    private long remaining;

    public ExpansionBudget(int characters = DefaultCharacters)
    {
        Characters = characters;
        remaining = characters;
    }

    public int Characters { get; }

    public bool IsExhausted { get; private set; }

    /// <summary>The first substitution refused: the variable, and where the text being expanded is (when the caller knows).</summary>
    public string? RefusedVariable { get; private set; }

    public SourceSpan RefusedAt { get; private set; }

    /// <summary>How many substitutions were refused: a file reports the first one only.</summary>
    public int Refusals { get; private set; }

    /// <summary>Takes <paramref name="characters"/> from the budget, or refuses (and refuses everything after) when they do
    /// not fit (an empty value always does); the first refusal is recorded with <paramref name="variable"/> and <paramref name="at"/>.</summary>
    public bool TrySpend(int characters, string variable, SourceSpan at = default)
    {
        if (characters == 0) return true;
        // A Dockerfile's model is reached from other files' rules too (the compose files that build it); nothing promises
        // they all run on one thread, and a file substitutes a few values at most, so the lock costs nothing that matters.
        lock (gate)
        {
            if (!IsExhausted && characters <= remaining)
            {
                remaining -= characters;
                return true;
            }
            Refusals++;
            if (!IsExhausted)
            {
                IsExhausted = true;
                RefusedVariable = variable;
                RefusedAt = at;
            }
            return false;
        }
    }

    /// <summary>What an HRD000 says about a refusal of <paramref name="variable"/>.</summary>
    public string Describe(string variable, string consequence) =>
        $"Substituting '{variable}' here takes the text this file's variables expand to past {Characters:N0} characters: an expansion bomb " +
        $"(each variable repeating the one before) or a huge value copied many times. {consequence}";
}

using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Triage.Rules.Loading;
using Triage.Symptoms;

namespace Triage.Rules.Causal;

/// <summary>
/// The causal rules of one or more files (<c>rules/causal/*.yaml</c>): which symptoms are
/// consequences of which (docs/architecture.md §4.1). Immutable and thread-safe; <see cref="RulesFor"/> and
/// <see cref="Explains"/> look candidates up by the effect's kind, so they stay cheap with many rules.
/// </summary>
public sealed class CausalRuleSet
{
    private readonly FrozenDictionary<string, CausalRule[]> _byEffectKind;

    /// <summary>Creates a set from rules built in code (e.g. by tests or an engine's defaults).</summary>
    /// <exception cref="ArgumentException">Two rules share an id.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> or one of them is null.</exception>
    public CausalRuleSet(IEnumerable<CausalRule> rules)
        : this(rules, [])
    {
    }

    private CausalRuleSet(IEnumerable<CausalRule> rules, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = new List<CausalRule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var effectKinds = new HashSet<string>(StringComparer.Ordinal);
        var causeKinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            if (!ids.Add(rule.Id))
            {
                throw new ArgumentException($"two causal rules have the id '{rule.Id}'", nameof(rules));
            }

            list.Add(rule);
            effectKinds.UnionWith(rule.Effect.ConcreteKinds());
            causeKinds.UnionWith(rule.Cause.ConcreteKinds());
        }

        Rules = list.AsReadOnly();
        Files = files;
        EffectKinds = effectKinds.ToFrozenSet(StringComparer.Ordinal);
        CauseKinds = causeKinds.ToFrozenSet(StringComparer.Ordinal);
        _byEffectKind = effectKinds.ToFrozenDictionary(
            kind => kind, kind => list.Where(r => r.Effect.MatchesKind(kind)).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>A set without rules: nothing explains anything.</summary>
    public static CausalRuleSet Empty { get; } = new([]);

    /// <summary>All rules, file by file in load order, each file's rules in file order.</summary>
    public IReadOnlyList<CausalRule> Rules { get; }

    /// <summary>The files the rules were read from, in load order (empty for sets built in code).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>
    /// Every kind some rule accepts as an effect: listed kinds, wildcards expanded against
    /// <see cref="SymptomKinds"/>, all built-in kinds for an effect that names none. A symptom of any
    /// other kind is never collateral.
    /// </summary>
    public IReadOnlySet<string> EffectKinds { get; }

    /// <summary>Every kind some rule accepts as a cause, expanded like <see cref="EffectKinds"/>.</summary>
    public IReadOnlySet<string> CauseKinds { get; }

    /// <summary>Loads every <c>*.yaml</c> and <c>*.yml</c> directly in <paramref name="directory"/>, sorted by name (ordinal); a missing directory gives <see cref="Empty"/>.</summary>
    /// <exception cref="RuleLoadException">The directory cannot be listed, or a file is unreadable or invalid.</exception>
    public static CausalRuleSet LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return Empty;
        }

        var paths = RuleFileSource.ListYaml(directory, "causal rule");
        return LoadFiles(paths);
    }

    /// <summary>Loads the given causal rule files, in the given order.</summary>
    /// <exception cref="RuleLoadException">A file is missing, unreadable, larger than <see cref="RuleLimits.MaxFileBytes"/> or invalid, or ids repeat.</exception>
    public static CausalRuleSet LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Parse(RuleFileSource.Read(paths, "causal rule"));
    }

    /// <summary>Parses one causal rule file given as text; <paramref name="fileName"/> only names it in messages.</summary>
    /// <exception cref="RuleLoadException">Any problem, as <c>file:line:col: rule 'id': reason</c>.</exception>
    public static CausalRuleSet Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        return Parse([(fileName, yaml)]);
    }

    /// <summary>Parses causal rule files given as text, in order; ids must be unique across all of them.</summary>
    /// <exception cref="RuleLoadException">Any problem, as <c>file:line:col: rule 'id': reason</c>.</exception>
    public static CausalRuleSet Parse(IEnumerable<(string Path, string Yaml)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var rules = new List<CausalRule>();
        var names = new List<string>();
        var ids = new Dictionary<string, CausalRule>(StringComparer.Ordinal);
        foreach (var (path, yaml) in files)
        {
            ArgumentNullException.ThrowIfNull(path);
            ArgumentNullException.ThrowIfNull(yaml);
            if (names.Count >= RuleLimits.MaxFiles)
            {
                throw new RuleLoadException(path, 0, 0, null, $"more than {RuleLimits.MaxFiles} causal rule files");
            }

            if (yaml.Length > RuleLimits.MaxFileBytes || Encoding.UTF8.GetByteCount(yaml) > RuleLimits.MaxFileBytes)
            {
                throw new RuleLoadException(path, 0, 0, null, $"causal rule file larger than {RuleLimits.MaxFileBytes} bytes");
            }

            foreach (var rule in CausalFileParser.Parse(path, yaml))
            {
                if (!ids.TryAdd(rule.Id, rule))
                {
                    var first = ids[rule.Id];
                    throw new RuleLoadException(
                        path, rule.Line, rule.Column, rule.Id, $"duplicate rule id (first defined at {first.File}:{first.Line})");
                }

                rules.Add(rule);
            }

            if (rules.Count > RuleLimits.MaxRules)
            {
                throw new RuleLoadException(path, 0, 0, null, $"more than {RuleLimits.MaxRules} causal rules in all");
            }

            names.Add(path);
        }

        return new CausalRuleSet(rules, names.AsReadOnly());
    }

    /// <summary>The rules under which <paramref name="cause"/> explains <paramref name="effect"/>, in load order.</summary>
    /// <exception cref="ArgumentNullException">A symptom is null.</exception>
    public IEnumerable<CausalRule> RulesFor(Symptom cause, Symptom effect)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(effect);
        return Iterate(Candidates(effect.Kind), cause, effect);
    }

    /// <summary>True when some rule explains <paramref name="effect"/> by <paramref name="cause"/> (see <see cref="CausalRule.Explains"/>).</summary>
    /// <exception cref="ArgumentNullException">A symptom is null.</exception>
    public bool Explains(Symptom cause, Symptom effect)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(effect);
        foreach (var rule in Candidates(effect.Kind))
        {
            if (rule.Explains(cause, effect))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs every rule's own tests: each must explain (or not) its effect by its cause as the test says.</summary>
    public CausalTestReport RunTests()
    {
        var results = new List<CausalTestResult>();
        foreach (var rule in Rules)
        {
            for (var i = 0; i < rule.Tests.Count; i++)
            {
                var test = rule.Tests[i];
                var actual = rule.Explains(test.Cause, test.Effect);
                string? reason = null;
                if (actual != test.Explains)
                {
                    var why = actual ? "the rule explains it" : rule.WhyNot(test.Cause, test.Effect) ?? "the rule does not explain it";
                    reason = string.Create(
                        CultureInfo.InvariantCulture,
                        $"{rule.File}:{test.Line}: rule '{rule.Id}' test #{i + 1}: expected {(test.Explains ? "explains" : "no explanation")}, but {why}");
                }

                results.Add(new CausalTestResult(rule, test, i + 1, reason is null, reason));
            }
        }

        return new CausalTestReport(results.AsReadOnly());
    }

    private IReadOnlyList<CausalRule> Candidates(string kind)
    {
        if (_byEffectKind.TryGetValue(kind, out var rules))
        {
            return rules;
        }

        // Not a kind any rule lists or a wildcard expanded to (e.g. a kind newer than this build):
        // only rules whose effect accepts it by wildcard can apply.
        return SymptomKinds.IsKnown(kind) ? [] : Rules.Where(r => r.Effect.MatchesKind(kind)).ToArray();
    }

    private static IEnumerable<CausalRule> Iterate(IReadOnlyList<CausalRule> candidates, Symptom cause, Symptom effect)
    {
        foreach (var rule in candidates)
        {
            if (rule.Explains(cause, effect))
            {
                yield return rule;
            }
        }
    }
}

using System.Text;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Notifications.Templates;

/// <summary>
/// A parsed message template in a small subset of Mustache: <c>{{name}}</c> inserts a value, <c>{{#name}}…{{/name}}</c>
/// repeats for each item of a list or shows when a value is true, non-zero or non-empty, and <c>{{^name}}…{{/name}}</c>
/// shows when it is not. There are no partials, lambdas or unescaped forms.
/// </summary>
public sealed class TemplateText
{
    private readonly IReadOnlyList<Node> _nodes;

    private TemplateText(IReadOnlyList<Node> nodes) => _nodes = nodes;

    /// <summary>Parses a template; returns an error naming the tag at fault when a section is not closed or a name is unknown.</summary>
    public static Result<TemplateText> Parse(string text, IReadOnlySet<string>? knownNames = null, string field = "template")
    {
        var root = new List<Node>();
        var stack = new Stack<(SectionNode Section, List<Node> Parent)>();
        var current = root;
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                current.Add(new TextNode(text[position..]));
                break;
            }

            if (open > position)
            {
                current.Add(new TextNode(text[position..open]));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return Broken(field, $"第 {LineOf(text, open)} 行的“{{{{”没有对应的“}}}}”。", $"'{{{{' on line {LineOf(text, open)} has no closing '}}}}'.");
            }

            var tag = text[(open + 2)..close].Trim();
            position = close + 2;
            var name = tag.Length > 0 && tag[0] is '#' or '^' or '/' ? tag[1..].Trim() : tag;
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '.'))
            {
                return Broken(field, $"第 {LineOf(text, open)} 行的标记“{{{{{tag}}}}}”无效，名称只能包含字母和数字。",
                    $"Tag '{{{{{tag}}}}}' on line {LineOf(text, open)} is invalid; a name contains only letters and digits.");
            }

            if (knownNames is not null && !knownNames.Contains(name))
            {
                return Broken(field, $"第 {LineOf(text, open)} 行的占位符“{name}”不存在，可用：{string.Join(", ", knownNames.Order())}。",
                    $"Placeholder '{name}' on line {LineOf(text, open)} does not exist; available: {string.Join(", ", knownNames.Order())}.");
            }

            switch (tag[0])
            {
                case '#' or '^':
                    var section = new SectionNode(name, tag[0] == '^', []);
                    current.Add(section);
                    stack.Push((section, current));
                    current = section.Children;
                    break;
                case '/':
                    if (stack.Count == 0 || stack.Peek().Section.Name != name)
                    {
                        var expected = stack.Count == 0 ? "" : stack.Peek().Section.Name;
                        return Broken(field, $"第 {LineOf(text, open)} 行的“{{{{/{name}}}}}”与打开的段“{expected}”不匹配。",
                            $"'{{{{/{name}}}}}' on line {LineOf(text, open)} does not close the open section '{expected}'.");
                    }

                    current = stack.Pop().Parent;
                    break;
                default:
                    current.Add(new ValueNode(name));
                    break;
            }
        }

        if (stack.Count > 0)
        {
            var name = stack.Peek().Section.Name;
            return Broken(field, $"段“{{{{#{name}}}}}”没有用“{{{{/{name}}}}}”结束。", $"Section '{{{{#{name}}}}}' is not closed with '{{{{/{name}}}}}'.");
        }

        return new TemplateText(root);
    }

    /// <summary>Renders the template, passing every inserted value through <paramref name="escape"/> (HTML or JSON escaping, or none).</summary>
    public string Render(TemplateScope scope, Func<string, string>? escape = null)
    {
        var output = new StringBuilder();
        Render(_nodes, scope, escape ?? (s => s), output);
        return output.ToString();
    }

    private static void Render(IReadOnlyList<Node> nodes, TemplateScope scope, Func<string, string> escape, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ValueNode value:
                    output.Append(escape(TemplateScope.Format(scope.Find(value.Name))));
                    break;
                case SectionNode section:
                    RenderSection(section, scope, escape, output);
                    break;
            }
        }
    }

    private static void RenderSection(SectionNode section, TemplateScope scope, Func<string, string> escape, StringBuilder output)
    {
        var value = scope.Find(section.Name);
        if (section.Inverted)
        {
            if (!TemplateScope.IsTruthy(value))
            {
                Render(section.Children, scope, escape, output);
            }

            return;
        }

        if (value is IEnumerable<TemplateScope> items)
        {
            foreach (var item in items)
            {
                Render(section.Children, item.WithParent(scope), escape, output);
            }
        }
        else if (TemplateScope.IsTruthy(value))
        {
            Render(section.Children, scope, escape, output);
        }
    }

    private static Error Broken(string field, string chinese, string english) =>
        Error.Validation("notifications.template.invalid", Bilingual.Join("模板有误：" + chinese, "The template is invalid: " + english), field);

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ValueNode(string Name) : Node;

    private sealed record SectionNode(string Name, bool Inverted, List<Node> Children) : Node;
}

/// <summary>The values a template uses: strings, numbers, flags and lists of nested scopes; a name not found here is looked up in the parent.</summary>
public sealed class TemplateScope(IReadOnlyDictionary<string, object?> values, TemplateScope? parent = null)
{
    public object? Find(string name) =>
        values.TryGetValue(name, out var value) ? value : parent?.Find(name);

    public TemplateScope WithParent(TemplateScope newParent) => new(values, newParent);

    internal static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        int number => number != 0,
        string text => text.Length > 0,
        IEnumerable<TemplateScope> items => items.Any(),
        _ => true,
    };

    internal static string Format(object? value) => value switch
    {
        null => "",
        string text => text,
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;

namespace Triage.Tui.Views;

/// <summary>
/// Draws prepared lines as they are (no hot-key or wrapping rules: log text stays literal), one
/// optionally highlighted and kept in view. Does not take focus; keys are handled by the window.
/// </summary>
internal sealed class LinesView : View
{
    private Func<int, string> _line = _ => string.Empty;
    private int _count;
    private int _selected = -1;
    private int _top;

    public LinesView()
    {
        CanFocus = false;
    }

    public void SetLines(IReadOnlyList<string> lines, int selected = -1) => SetLines(lines.Count, i => lines[i], selected);

    /// <summary>Shows <paramref name="count"/> lines made on demand: only the visible ones are formatted (lists of thousands).</summary>
    public void SetLines(int count, Func<int, string> line, int selected = -1)
    {
        _count = count;
        _line = line;
        _selected = selected;
        SetNeedsDraw();
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        var width = Viewport.Width;
        var height = Viewport.Height;
        if (_selected >= 0)
        {
            if (_selected < _top)
            {
                _top = _selected;
            }
            else if (_selected >= _top + height)
            {
                _top = _selected - height + 1;
            }
        }
        else
        {
            _top = 0;
        }

        _top = Math.Max(0, Math.Min(_top, Math.Max(0, _count - height)));
        for (var y = 0; y < height; y++)
        {
            var index = _top + y;
            var text = index < _count ? _line(index) : string.Empty;
            SetAttributeForRole(index == _selected ? VisualRole.Focus : VisualRole.Normal);
            Move(0, y);
            AddStr(text.Length > width ? text[..width] : text.PadRight(width));
        }

        return true;
    }
}

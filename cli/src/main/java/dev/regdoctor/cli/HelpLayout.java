package dev.regdoctor.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lays out usage texts so that a path, URL or option value is never split over two lines: picocli
 * wraps wherever {@code java.text.BreakIterator} allows, which is also after every {@code .},
 * {@code :}, {@code ?} and {@code -}, so {@code /etc/docker/daemon.json} became {@code
 * /etc/docker/daemon.} and {@code json} (review defect 16). The synopsis is wrapped only between
 * option groups, the option and parameter descriptions only at spaces. Command descriptions are
 * written in lines that fit, and are left as they are.
 */
final class HelpLayout {
  private HelpLayout() {}

  /** Uses this layout for {@code spec}'s synopsis, parameter list and option list. */
  static void apply(CommandLine.Model.CommandSpec spec) {
    Map<String, CommandLine.IHelpSectionRenderer> sections =
        new LinkedHashMap<>(spec.usageMessage().sectionMap());
    sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, new Synopsis());
    sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, new Parameters());
    sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, new Options());
    spec.usageMessage().sectionMap(sections);
  }

  /** A layout like picocli's default whose table wraps descriptions at spaces only. */
  private static Help.Layout layout(Help help) {
    Help.Layout standard = help.createDefaultLayout();
    SpaceWrappingTable table =
        new SpaceWrappingTable(help.colorScheme(), standard.textTable().columns());
    table.indentWrappedLines = standard.textTable().indentWrappedLines;
    return new Help.Layout(
        help.colorScheme(), table, standard.optionRenderer(), standard.parameterRenderer());
  }

  private static final class Options implements CommandLine.IHelpSectionRenderer {
    @Override
    public String render(Help help) {
      if (help.commandSpec().options().isEmpty()) {
        return "";
      }
      return help.optionList(
          layout(help), help.createDefaultOptionSort(), help.parameterLabelRenderer());
    }
  }

  private static final class Parameters implements CommandLine.IHelpSectionRenderer {
    @Override
    public String render(Help help) {
      if (help.commandSpec().positionalParameters().isEmpty()) {
        return "";
      }
      return help.parameterList(layout(help), help.parameterLabelRenderer());
    }
  }

  /**
   * The detailed synopsis, rendered on one line and wrapped at the spaces between option groups,
   * continuation lines aligned after the command name as picocli aligns them.
   */
  private static final class Synopsis implements CommandLine.IHelpSectionRenderer {
    @Override
    public String render(Help help) {
      UsageMessageSpec usage = help.commandSpec().usageMessage();
      int width = usage.width();
      String line;
      try {
        // wide enough for one line (picocli allocates the width per line)
        usage.width(4096);
        line = help.synopsis(help.synopsisHeadingLength());
      } finally {
        usage.width(width);
      }
      line = line.strip();
      int indent = help.synopsisHeadingLength() + help.commandSpec().qualifiedName().length() + 1;
      StringBuilder out = new StringBuilder();
      int column = help.synopsisHeadingLength();
      int depth = 0;
      int start = 0;
      for (int i = 0; i <= line.length(); i++) {
        char c = i < line.length() ? line.charAt(i) : ' ';
        if (c == '\u001B') {
          // a colour escape ("ESC[1m"): its bracket opens no group
          while (i < line.length() && line.charAt(i) != 'm') {
            i++;
          }
        } else if (c == '[' || c == '(') {
          depth++;
        } else if (c == ']' || c == ')') {
          depth--;
        } else if (c == ' ' && depth <= 0) {
          String group = line.substring(start, i);
          int length = visibleLength(group);
          if (start > 0) {
            if (column + 1 + length > width - 1) {
              out.append(System.lineSeparator()).append(" ".repeat(indent));
              column = indent;
            } else {
              out.append(' ');
              column++;
            }
          }
          out.append(group);
          column += length;
          start = i + 1;
        }
      }
      return out.append(System.lineSeparator()).toString();
    }
  }

  /** The length of {@code text} on a terminal: without ANSI colour escapes. */
  static int visibleLength(String text) {
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\u001B') {
        while (i < text.length() && text.charAt(i) != 'm') {
          i++;
        }
      } else {
        length++;
      }
    }
    return length;
  }

  /**
   * A text table whose last column (the descriptions) is wrapped at spaces only; a word longer than
   * the column is still left to picocli.
   */
  static final class SpaceWrappingTable extends Help.TextTable {
    SpaceWrappingTable(Help.ColorScheme colors, Help.Column[] columns) {
      super(colors, columns);
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      Help.Column column = columns()[col];
      String plain = value.plainString();
      int room = column.width - column.indent - 1;
      if (col != columns().length - 1 || plain.length() <= room || plain.indexOf('\n') >= 0) {
        return super.putValue(row, col, value);
      }
      int end = cut(plain, 0, room);
      Cell cell = super.putValue(row, col, value.substring(0, end));
      int start = end;
      while (start < plain.length() && plain.charAt(start) == ' ') {
        start++;
      }
      room -= indentWrappedLines;
      String indent = " ".repeat(indentWrappedLines);
      while (start < plain.length()) {
        end = cut(plain, start, room);
        addEmptyRow();
        Text piece = value.substring(start, end);
        super.putValue(rowCount() - 1, col, value.substring(0, 0).concat(indent).concat(piece));
        start = end;
        while (start < plain.length() && plain.charAt(start) == ' ') {
          start++;
        }
      }
      return cell;
    }

    /**
     * Returns where the line from {@code start} ends: at the last space that fits in {@code room}.
     */
    private static int cut(String plain, int start, int room) {
      if (plain.length() - start <= room) {
        return plain.length();
      }
      int space = plain.lastIndexOf(' ', start + room);
      if (space > start) {
        return space;
      }
      // one word longer than the column: picocli wraps it
      space = plain.indexOf(' ', start);
      return space < 0 ? plain.length() : space;
    }
  }
}

package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TomlTest {
  @Test
  void readsTablesArraysStringsAndLines() throws Exception {
    Toml.Table root =
        Toml.parse(
            "# comment\nserver = \"https://r\" # trailing\n\n[host.\"https://m:5000\".header]\n"
                + "x-a = ['one', \"t\\u00e9\"]\n[[registry]]\nlocation = 'a'\nflag = true\nn = 1_000\n"
                + "list = [\n  \"x\",\n  \"y\", # c\n]\n[[registry]]\ninline = { a = 1, b = \"c\" }\n"
                + "multi = \"\"\"\nline1\nline2\"\"\"\nafter = 1\n");
    assertThat(root.get("server").value()).isEqualTo("https://r");
    assertThat(root.get("server").line()).isEqualTo(2);
    Toml.Table header =
        (Toml.Table)
            ((Toml.Table) ((Toml.Table) root.get("host").value()).get("https://m:5000").value())
                .get("header")
                .value();
    assertThat(header.get("x-a").value()).isEqualTo(List.of("one", "té"));
    List<Toml.Table> registries = Toml.tables(root, "registry", "f", "");
    assertThat(registries).hasSize(2);
    assertThat(registries.get(0).get("n").value()).isEqualTo(1000L);
    assertThat(registries.get(0).get("list").value()).isEqualTo(List.of("x", "y"));
    assertThat(registries.get(1).get("multi").value()).isEqualTo("line1\nline2");
    assertThat(registries.get(1).get("after").line()).isEqualTo(19);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a = ",
        "a = \"x",
        "[a\nb = 1",
        "a = 1\na = 2",
        "a = [1, 2",
        "a = 1 b",
        "[a]\n[a]",
        "= 1"
      })
  void rejectsBrokenTextWithALine(String text) {
    assertThatThrownBy(() -> Toml.parse(text))
        .isInstanceOf(Toml.SyntaxException.class)
        .hasMessageStartingWith("line ");
  }

  @Test
  void neverEchoesAnUnquotedValue() {
    assertThatThrownBy(() -> Toml.parse("[header]\nauthorization = Bearer s3cr3t\n"))
        .hasMessageNotContaining("s3cr3t");
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 200).mapToObj(i -> 0x5eedL + i);
  }

  /** Generated documents of random keys and values read back to what was written. */
  @ParameterizedTest
  @MethodSource("seeds")
  void generatedDocumentsRoundTrip(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder();
    int count = 1 + random.nextInt(8);
    String[] values = new String[count];
    for (int i = 0; i < count; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        value.append("ab \"\\#=[]{}.:/é\t".charAt(random.nextInt(16)));
      }
      values[i] = value.toString();
      String quoted =
          value.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t");
      text.append("\n".repeat(random.nextInt(3)))
          .append("\"k.")
          .append(i)
          .append("\" = \"")
          .append(quoted)
          .append("\"")
          .append(random.nextBoolean() ? " # note" : "")
          .append('\n');
    }
    Toml.Table root = Toml.parse(text.toString());
    for (int i = 0; i < count; i++) {
      assertThat(root.get("k." + i).value()).isEqualTo(values[i]);
    }
  }
}

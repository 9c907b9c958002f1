package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WarmupTest {
  @Test
  void onlyADiagnoseThatRunsIsWarmedUp() {
    for (String[] args :
        new String[][] {
          {},
          {"explain", "x509: certificate signed by unknown authority"},
          {"--help"},
          {"k8s", "diagnose"},
          {"diagnose", "--help"},
          {"diagnose", "nginx", "-h"},
          {"diagnose", "-V"},
          {"diagnose", "--version"}
        }) {
      assertThat(Warmup.forArguments(args)).as(String.join(" ", args)).isNull();
    }
    assertThat(Warmup.forArguments(new String[] {"diagnose", "nginx"})).isNotNull();
  }

  @Test
  void tlsIsPreparedUnlessAPlainHttpRegistryIsNamed() {
    assertThat(Warmup.forArguments(new String[] {"diagnose", "nginx"}).tls()).isTrue();
    assertThat(
            Warmup.forArguments(
                    new String[] {"diagnose", "--plain-http", "127.0.0.1:5000", "127.0.0.1:5000/a"})
                .tls())
        .isFalse();
    assertThat(
            Warmup.forArguments(new String[] {"diagnose", "--plain-http=h:5000", "h:5000/a"}).tls())
        .isFalse();
    // after "--" everything is an image, even a name that looks like the flag
    assertThat(Warmup.forArguments(new String[] {"diagnose", "--", "--plain-http"}).tls()).isTrue();
  }

  @Test
  void tlsIsNotPreparedWhenEveryImageIsOnALoopbackRegistry() {
    // the run asks such a registry whether it speaks TLS before building anything for TLS
    for (String[] args :
        new String[][] {
          {"diagnose", "127.0.0.1:5000/a:1"},
          {"diagnose", "localhost:5000/team/app", "127.1.2.3/b"},
          {"diagnose", "[::1]:5000/a"},
          {"diagnose", "--lang", "en", "--json", "127.0.0.1:5000/a"},
          {"diagnose", "--timeout=5s", "LOCALHOST/a"}
        }) {
      assertThat(Warmup.forArguments(args).tls()).as(String.join(" ", args)).isFalse();
    }
    for (String[] args :
        new String[][] {
          {"diagnose", "nginx"},
          {"diagnose", "127.0.0.1:5000/a", "registry.example/b"},
          {"diagnose", "localhost/a", "library/nginx"},
          {"diagnose", "10.0.0.1:5000/a"},
          // not parsed exactly as picocli would: no guess
          {"diagnose", "--no-such-option", "127.0.0.1:5000/a"},
          {"diagnose", "@args.txt"}
        }) {
      assertThat(Warmup.forArguments(args).tls()).as(String.join(" ", args)).isTrue();
    }
  }

  @Test
  void jacksonIsPreparedOnlyForJson() {
    assertThat(Warmup.forArguments(new String[] {"diagnose", "--json", "nginx"}).json()).isTrue();
    assertThat(Warmup.forArguments(new String[] {"diagnose", "nginx"}).json()).isFalse();
  }

  @Test
  void theCatalogueIsTheOneOfTheLanguageAskedFor() {
    assertThat(Warmup.forArguments(new String[] {"diagnose", "--lang", "zh-CN", "a"}).locale())
        .isEqualTo(Locale.SIMPLIFIED_CHINESE);
    assertThat(Warmup.forArguments(new String[] {"diagnose", "--lang=en", "a"}).locale())
        .isEqualTo(Locale.ENGLISH);
    // a bad value is the run's to reject; the warm-up just picks something
    assertThat(Warmup.forArguments(new String[] {"diagnose", "--lang", "xx", "a"}).locale())
        .isEqualTo(Locale.ENGLISH);
    assertThat(Warmup.forArguments(new String[] {"diagnose", "a"}).locale())
        .isEqualTo(new CommonOptions().locale());
  }

  @Test
  void aFullWarmUpFinishesWithoutTheNetworkAndAwaitReturnsAfterIt() throws Exception {
    Warmup warmup =
        Warmup.forArguments(new String[] {"diagnose", "--json", "--lang", "zh-CN", "nginx"});
    Thread thread = new Thread(warmup);
    thread.start();
    thread.join(30_000);

    assertThat(thread.isAlive()).isFalse();
    Warmup.await(); // nothing started through start(): returns at once
  }

  @Test
  void aWarmedUpDiagnoseSendsTheSameRequestsAndPrintsTheSameReport() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      String hostPort = "127.0.0.1:" + server.getPort();
      String[] args = {"diagnose", "--lang", "en", "--plain-http", hostPort, hostPort + "/a/b:1"};
      List<String> texts = new ArrayList<>();
      for (boolean warm : new boolean[] {false, true}) {
        RegistryAnswers.enqueueHealthy(server);
        if (warm) {
          Warmup.start(args);
        }
        StringWriter out = new StringWriter();
        CommandLine line = Cli.commandLine(args);
        line.setOut(new PrintWriter(out, true));

        assertThat(line.execute(args)).isZero();
        texts.add(out.toString().replaceAll("[0-9.]+ ?ms", "T"));
      }

      assertThat(texts.get(1)).isEqualTo(texts.get(0)).startsWith("OK  " + hostPort + "/a/b:1");
      // ping and manifest HEAD per run: the warm-up itself sent nothing
      assertThat(server.getRequestCount()).isEqualTo(4);
    }
  }
}

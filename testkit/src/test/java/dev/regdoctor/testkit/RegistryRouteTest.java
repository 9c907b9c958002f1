package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryRouteTest {

  private static final String DIGEST =
      "sha256:abababababababababababababababababababababababababababababababab";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/v2/, BASE, '', ''",
    "/v2/_catalog, CATALOG, '', ''",
    "/v2/team/app/manifests/1.0, MANIFEST, team/app, 1.0",
    "/v2/app/manifests/latest, MANIFEST, app, latest",
    "/v2/a/b/c/manifests/v1_2-rc.3, MANIFEST, a/b/c, v1_2-rc.3",
    "/v2/team/app/manifests/" + DIGEST + ", MANIFEST, team/app, " + DIGEST,
    "/v2/my-org/my__app.v2/tags/list, TAGS, my-org/my__app.v2, ''",
    "/v2/team/manifests/tags/list, TAGS, team/manifests, ''",
    "/v2/team/app/blobs/" + DIGEST + ", BLOB, team/app, " + DIGEST,
    "/v2/team/app/blobs/uploads/, UPLOADS, team/app, ''",
    "/v2/team/app/blobs/uploads/0b1c-2d_3.e=, UPLOAD, team/app, 0b1c-2d_3.e="
  })
  void matchesTheDistributionRoutes(
      String path, RegistryRoute.Kind kind, String name, String reference) {
    assertThat(RegistryRoute.match(path)).contains(new RegistryRoute(kind, name, reference));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/v2",
        "/foo",
        "/v2/Team/app/tags/list",
        "/v2/-team/tags/list",
        "/v2/team//app/tags/list",
        "/v2/team/app/manifests/",
        "/v2/team/app/manifests/-bad",
        "/v2/team/app/blobs/nonsense",
        "/v2/team/app/blobs/uploads",
        "/v2/team/app/nope"
      })
  void pathsOutsideTheRoutesMatchNothing(String path) {
    assertThat(RegistryRoute.match(path)).isEmpty();
  }

  @Test
  void digestSyntaxIsToldApartFromTags() {
    assertThat(RegistryRoute.match("/v2/a/manifests/" + DIGEST).orElseThrow().isDigestReference())
        .isTrue();
    assertThat(RegistryRoute.match("/v2/a/manifests/1.0").orElseThrow().isDigestReference())
        .isFalse();
  }

  @Test
  void methodsAreThoseRegistry28Routes() {
    assertThat(RegistryRoute.match("/v2/a/manifests/1").orElseThrow().methods())
        .isEqualTo(List.of("DELETE", "GET", "HEAD", "PUT"));
    assertThat(RegistryRoute.match("/v2/").orElseThrow().methods()).isEmpty();
  }

  // Distribution's name pattern allows an empty separator ("[-]*"), which backtracks
  // exponentially when a long name is followed by a path that does not match.
  @Test
  @Timeout(value = 2, unit = TimeUnit.SECONDS)
  void longNameBeforeAnUnknownPathFailsFast() {
    assertThat(RegistryRoute.match("/v2/" + "a".repeat(10_000) + "/nope")).isEmpty();
    assertThat(RegistryRoute.match("/v2/" + "a1-".repeat(2_000) + "x!/tags/list")).isEmpty();
  }
}

package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Review item (session 17): {@link ProbeSettings.Builder}'s own checks threw a plain {@code
 * IllegalArgumentException} while {@code RegistryDoctor.Builder}'s throw an {@link
 * InvalidSettingException} named after the setter. Both now name the setter.
 */
class ProbeSettingsBuilderTest {

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal(
            "connectTimeout",
            b -> b.connectTimeout(Duration.ZERO),
            "connectTimeout: 'PT0S' must be positive"),
        refusal(
            "readTimeout",
            b -> b.readTimeout(Duration.ofSeconds(-1)),
            "readTimeout: 'PT-1S' must be positive"),
        refusal(
            "writeTimeout",
            b -> b.writeTimeout(Duration.ZERO),
            "writeTimeout: 'PT0S' must be positive"),
        refusal(
            "callTimeout",
            b -> b.callTimeout(Duration.ZERO),
            "callTimeout: 'PT0S' must be positive"),
        refusal(
            "dnsTimeout", b -> b.dnsTimeout(Duration.ZERO), "dnsTimeout: 'PT0S' must be positive"),
        refusal("deadline", b -> b.deadline(Duration.ZERO), "deadline: 'PT0S' must be positive"),
        refusal("timeout", b -> b.timeout(Duration.ZERO), "timeout: 'PT0S' must be positive"),
        refusal("maxAttempts", b -> b.maxAttempts(0), "maxAttempts: '0' is not at least 1"),
        refusal("maxRedirects", b -> b.maxRedirects(21), "maxRedirects: '21' is not in 0..20"),
        refusal(
            "hostHeader",
            b -> b.hostHeader("registry.example.com:443", "X Bad", "v"),
            "hostHeader: 'X Bad' is not a header name (a token)"),
        refusal("apiPath", b -> b.apiPath("v2"), "apiPath: 'v2' is not a path such as /v2"),
        refusal("userAgent", b -> b.userAgent(" "), "userAgent: must not be blank"),
        refusal(
            "pullSampleBytes",
            b -> b.pullSampleBytes(1),
            "pullSampleBytes: '1' is not from 1024 (1 KiB) to 1073741824 (1 GiB)"));
  }

  private static Arguments refusal(
      String setter, Consumer<ProbeSettings.Builder> call, String message) {
    return Arguments.of(setter, call, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aValueTheSetterDoesNotTakeIsAnInvalidSettingNamingTheSetter(
      String setter, Consumer<ProbeSettings.Builder> call, String message) {
    InvalidSettingException e =
        catchThrowableOfType(
            () -> call.accept(ProbeSettings.builder()), InvalidSettingException.class);

    assertThat(e).as(setter).isNotNull();
    assertThat(e.setting()).isEqualTo(setter);
    assertThat(e).hasMessage(message);
  }

  @Test
  void aHeaderValueWithControlCharactersIsRefusedWithoutQuotingTheValue() {
    InvalidSettingException e =
        catchThrowableOfType(
            () ->
                ProbeSettings.builder()
                    .hostHeader(
                        "registry.example.com:443", "Authorization", "Bearer s3cr3t\r\nX: y"),
            InvalidSettingException.class);

    assertThat(e.setting()).isEqualTo("hostHeader");
    assertThat(e.value()).isEmpty();
    assertThat(e)
        .hasMessage("hostHeader: the value of header Authorization has control characters")
        .hasMessageNotContaining("s3cr3t");
  }
}

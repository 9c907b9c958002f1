package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each code's {@code guide} names the section of the source guide ({@code
 * seed/registry-guide.zh.txt}) its advice rests on, as the diagnosis-code contract ({@code
 * docs/diagnosis-codes.md}) fixes it; tools read the field, so it changes only with the contract.
 * MANIFEST_NOT_FOUND and TOKEN_SERVICE_FAILED cite 4.1 (authentication failures): the guide's 4.1
 * symptom, {@code pull access denied … repository does not exist or may require 'docker login'}, is
 * what Docker prints for a missing tag too, and a token service is the login's second half.
 */
class DiagnosisCodeGuideTest {
  /** The guide's numbered sections and their titles, as the seed guide words them. */
  static final Map<String, String> SECTIONS =
      Map.of(
          "2.1", "Docker客户端配置修改",
          "2.2", "Kubernetes集群配置修改",
          "3.1", "镜像仓库选择与网络优化",
          "3.2", "镜像构建优化",
          "3.3", "并发拉取与资源限制",
          "4.1", "认证失败",
          "4.2", "拉取超时",
          "4.3", "K8s中Secret未生效");

  @ParameterizedTest
  @CsvSource({
    "INVALID_REFERENCE, Docker客户端配置修改",
    "DNS_FAILURE, 拉取超时",
    "CONNECTION_REFUSED, 拉取超时",
    "NETWORK_UNREACHABLE, 拉取超时",
    "CONNECT_TIMEOUT, 拉取超时",
    "TLS_HANDSHAKE_TIMEOUT, 拉取超时",
    "RESPONSE_TIMEOUT, 拉取超时",
    "CONNECTION_RESET, 拉取超时",
    "PROXY_FAILURE, 拉取超时",
    "PLAIN_HTTP_REGISTRY, Docker客户端配置修改",
    "NOT_A_REGISTRY, 认证失败",
    "REGISTRY_UNAVAILABLE, 拉取超时",
    "RATE_LIMITED, 镜像仓库选择与网络优化",
    "AUTH_REQUIRED, 认证失败",
    "AUTH_INVALID, 认证失败",
    "CREDENTIAL_HELPER_FAILED, Docker客户端配置修改",
    "TOKEN_SERVICE_FAILED, 认证失败",
    "ACCESS_DENIED, 认证失败",
    "NOT_FOUND_OR_DENIED, 认证失败",
    "REPOSITORY_NOT_FOUND, 认证失败",
    "MANIFEST_NOT_FOUND, 认证失败",
    "BLOB_FAILURE, 镜像仓库选择与网络优化",
    "CONFIG_INVALID, Docker客户端配置修改",
    "MIRROR_FAILURE, Docker客户端配置修改",
    "INSECURE_REGISTRY, Docker客户端配置修改",
    "RUNTIME_MISMATCH, Docker客户端配置修改",
    "K8S_PULL_SECRET_MISSING, K8s中Secret未生效",
    "K8S_PULL_SECRET_WRONG_NAMESPACE, K8s中Secret未生效",
    "K8S_PULL_SECRET_NOT_REFERENCED, Kubernetes集群配置修改",
    "K8S_PULL_SECRET_WRONG_TYPE, Kubernetes集群配置修改",
    "K8S_PULL_SECRET_MALFORMED, K8s中Secret未生效",
    "K8S_PULL_SECRET_NO_MATCH, K8s中Secret未生效",
    "MUTABLE_TAG, 镜像构建优化",
    "PULL_POLICY, 并发拉取与资源限制",
    "RATE_LIMIT_LOW, 镜像仓库选择与网络优化",
    "SLOW_PULL, 镜像仓库选择与网络优化",
    "LARGE_IMAGE, 镜像构建优化"
  })
  void codeCitesTheSectionItsAdviceRestsOn(DiagnosisCode code, String title) {
    assertThat(code.guide().map(SECTIONS::get)).contains(title);
  }

  @Test
  void everyCitedSectionExistsInTheGuide() {
    assertThat(Arrays.stream(DiagnosisCode.values()).flatMap(code -> code.guide().stream()))
        .allSatisfy(section -> assertThat(SECTIONS).containsKey(section));
  }
}

package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenVerifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HeldCertificate SIGNER =
      new HeldCertificate.Builder().ecdsa256().commonName("test-issuer").build();
  // After the certificate's notBefore, which is its creation time.
  private static final Instant NOW = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
  private static final RegistryAccess PULL = new RegistryAccess("repository", "team/app", "pull");
  private static final RegistryAccess PUSH = new RegistryAccess("repository", "team/app", "push");

  private final TokenVerifier verifier =
      new TokenVerifier("test-issuer", "test-registry", SIGNER.certificate());

  private static ObjectNode claims() {
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", "test-issuer");
    claims.put("sub", "alice");
    claims.put("aud", "test-registry");
    claims.put("exp", NOW.getEpochSecond() + 300);
    claims.put("nbf", NOW.getEpochSecond());
    claims.put("iat", NOW.getEpochSecond());
    ObjectNode entry = claims.putArray("access").addObject();
    entry.put("type", "repository");
    entry.put("name", "team/app");
    entry.putArray("actions").add("pull");
    return claims;
  }

  private static ObjectNode header(HeldCertificate signer) throws Exception {
    ObjectNode header = JSON.createObjectNode();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    header
        .putArray("x5c")
        .add(Base64.getEncoder().encodeToString(signer.certificate().getEncoded()));
    return header;
  }

  private static String sign(ObjectNode header, ObjectNode claims, PrivateKey key)
      throws Exception {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        base64.encodeToString(JSON.writeValueAsBytes(header))
            + "."
            + base64.encodeToString(JSON.writeValueAsBytes(claims));
    Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
    ecdsa.initSign(key);
    ecdsa.update(input.getBytes(US_ASCII));
    return input + "." + base64.encodeToString(ecdsa.sign());
  }

  private static String token(ObjectNode claims) throws Exception {
    return sign(header(SIGNER), claims, SIGNER.keyPair().getPrivate());
  }

  @Test
  void tokenOfTheIssuerGrantsItsAccessClaim() throws Exception {
    TokenVerifier.Grant grant = verifier.verify(token(claims()), NOW).orElseThrow();

    assertThat(grant.allows(PULL)).isTrue();
    assertThat(grant.allows(PUSH)).isFalse();
    assertThat(grant.allows(new RegistryAccess("repository", "team/other", "pull"))).isFalse();
  }

  @Test
  void tokenSignedByTheTokenIssuerVerifies() {
    try (TokenIssuer issuer = TokenIssuer.start()) {
      TokenVerifier trusting =
          new TokenVerifier(issuer.issuerName(), issuer.service(), issuer.signingCertificate());

      String token = issuer.issueToken("alice", "repository:team/app:pull,push");

      assertThat(trusting.verify(token, Instant.now()).orElseThrow().allows(PUSH)).isTrue();
    }
  }

  @Test
  void wildcardActionGrantsEveryAction() throws Exception {
    ObjectNode claims = claims();
    ((ObjectNode) claims.get("access").get(0)).putArray("actions").add("*");

    TokenVerifier.Grant grant = verifier.verify(token(claims), NOW).orElseThrow();

    assertThat(grant.allows(PUSH)).isTrue();
  }

  @Test
  void audienceMayBeAList() throws Exception {
    ObjectNode claims = claims();
    claims.putArray("aud").add("other").add("test-registry");

    assertThat(verifier.verify(token(claims), NOW)).isPresent();
  }

  @Test
  void clockSkewWithinTheLeewayIsTolerated() throws Exception {
    ObjectNode claims = claims();
    claims.put("exp", NOW.getEpochSecond() - 59);
    claims.put("nbf", NOW.getEpochSecond() + 59);

    assertThat(verifier.verify(token(claims), NOW)).isPresent();
  }

  @Test
  void emptyAccessClaimStillVerifies() throws Exception {
    ObjectNode claims = claims();
    claims.putArray("access");

    assertThat(verifier.verify(token(claims), NOW).orElseThrow().access()).isEmpty();
  }

  static Stream<Arguments> brokenClaims() {
    return Stream.of(
        Arguments.of("another issuer", (Consumer<ObjectNode>) c -> c.put("iss", "other")),
        Arguments.of("another service", (Consumer<ObjectNode>) c -> c.put("aud", "other")),
        Arguments.of("no audience", (Consumer<ObjectNode>) c -> c.remove("aud")),
        Arguments.of(
            "expired beyond the leeway",
            (Consumer<ObjectNode>) c -> c.put("exp", NOW.getEpochSecond() - 61)),
        Arguments.of("no expiry", (Consumer<ObjectNode>) c -> c.remove("exp")),
        Arguments.of(
            "not valid for another minute",
            (Consumer<ObjectNode>) c -> c.put("nbf", NOW.getEpochSecond() + 61)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenClaims")
  void tokenFailingAClaimCheckIsRejected(String label, Consumer<ObjectNode> breakIt)
      throws Exception {
    ObjectNode claims = claims();
    breakIt.accept(claims);

    assertThat(verifier.verify(token(claims), NOW)).isEmpty();
  }

  @Test
  void tamperedClaimsOrSignatureAreRejected() throws Exception {
    String token = token(claims());
    String[] parts = token.split("\\.");
    ObjectNode widened = claims();
    ((ObjectNode) widened.get("access").get(0)).putArray("actions").add("pull").add("push");
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String tampered =
        parts[0] + "." + base64.encodeToString(JSON.writeValueAsBytes(widened)) + "." + parts[2];
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    signature[10] ^= 1;
    String badSignature = parts[0] + "." + parts[1] + "." + base64.encodeToString(signature);

    assertThat(verifier.verify(tampered, NOW)).isEmpty();
    assertThat(verifier.verify(badSignature, NOW)).isEmpty();
  }

  @Test
  void foreignSignerIsRejectedEvenWithTheTrustedCertificateInX5c() throws Exception {
    HeldCertificate stranger = new HeldCertificate.Builder().ecdsa256().build();

    String ownCertificate = token(claims()).split("\\.")[0];
    String borrowed = sign(header(SIGNER), claims(), stranger.keyPair().getPrivate());
    String foreign = sign(header(stranger), claims(), stranger.keyPair().getPrivate());

    assertThat(ownCertificate).isNotEmpty();
    assertThat(verifier.verify(borrowed, NOW)).isEmpty();
    assertThat(verifier.verify(foreign, NOW)).isEmpty();
  }

  @Test
  void signerCertificateIssuedByTheTrustedCaIsAccepted() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).ecdsa256().commonName("ca").build();
    HeldCertificate leaf =
        new HeldCertificate.Builder().signedBy(ca).ecdsa256().commonName("signer").build();
    TokenVerifier trustingCa = new TokenVerifier("test-issuer", "test-registry", ca.certificate());

    String token = sign(header(leaf), claims(), leaf.keyPair().getPrivate());

    assertThat(trustingCa.verify(token, Instant.now())).isPresent();
    assertThat(verifier.verify(token, Instant.now())).isEmpty();
  }

  @Test
  void otherAlgorithmsMissingX5cAndMalformedTokensAreRejected() throws Exception {
    ObjectNode hs256 = header(SIGNER).put("alg", "HS256");
    ObjectNode noX5c = header(SIGNER);
    noX5c.remove("x5c");
    PrivateKey key = SIGNER.keyPair().getPrivate();

    assertThat(verifier.verify(sign(hs256, claims(), key), NOW)).isEmpty();
    assertThat(verifier.verify(sign(noX5c, claims(), key), NOW)).isEmpty();
    for (String malformed :
        new String[] {"", "garbage", "a.b", "a.b.c", "e30.e30.", "!!.??.**", "e30.e30.e30.e30"}) {
      assertThat(verifier.verify(malformed, NOW)).as(malformed).isEmpty();
    }
    assertThat(new String(Base64.getUrlDecoder().decode("e30"), UTF_8)).isEqualTo("{}");
  }
}

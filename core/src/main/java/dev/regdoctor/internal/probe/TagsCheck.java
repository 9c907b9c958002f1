package dev.regdoctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.RegistryError;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.probe.TagsInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * After a 404 on the manifest: {@code tags/list} tells a missing repository from a missing tag, and
 * names the closest tags.
 */
final class TagsCheck {
  private final CheckState c;

  TagsCheck(CheckState c) {
    this.c = c;
  }

  void notFound(
      Exchange exchange,
      Exchange.@Nullable Authorization authorization,
      List<RegistryError> errors,
      List<String> evidence) {
    String what = c.image.familiar();
    if (errors.stream().anyMatch(e -> e.code().equals("NAME_UNKNOWN"))) {
      c.step(StepName.TAGS, StepStatus.SKIPPED, Duration.ZERO, "NAME_UNKNOWN on the manifest");
      c.failures.add(
          new Failure(
              FailureKind.REPOSITORY_NOT_FOUND,
              StepName.MANIFEST,
              "repository " + c.image.repository() + " does not exist on " + c.image.apiHost(),
              evidence,
              null));
      return;
    }
    long start = System.nanoTime();
    HttpUrl url = c.api("tags/list");
    Exchange.Outcome outcome =
        exchange.send(
            new Request.Builder().url(url).get().build(), authorization, Exchange.SMALL_BODY_BYTES);
    if (outcome instanceof Exchange.Answer answer) {
      evidence.addAll(answer.evidence());
      List<RegistryError> tagErrors =
          ErrorBodies.parse(
              answer.body(), AuthHeaders.secretsOf(c.lookup.credential(), authorization));
      tagErrors.forEach(error -> evidence.add("error: " + error));
      if (answer.status() == 200) {
        List<String> names = parseTags(answer.body());
        List<String> closest =
            c.image.tag() == null ? List.of() : TagDistance.closest(c.image.tag(), names, 5);
        c.tags = new TagsInfo(200, names.size(), closest, tagErrors);
        c.step(
            StepName.TAGS, StepStatus.OK, CheckState.elapsedSince(start), names.size() + " tags");
        String summary =
            c.image.digest() != null
                ? "repository "
                    + c.image.repository()
                    + " exists but has no manifest "
                    + c.image.digest()
                : "repository "
                    + c.image.repository()
                    + " exists but has no tag "
                    + c.image.tag()
                    + (closest.isEmpty()
                        ? (names.isEmpty() ? " (it has no tags at all)" : "")
                        : "; closest tags: " + String.join(", ", closest));
        c.failures.add(
            new Failure(
                FailureKind.MANIFEST_NOT_FOUND, StepName.MANIFEST, summary, evidence, null));
        return;
      }
      c.tags = new TagsInfo(answer.status(), 0, List.of(), tagErrors);
      if (HttpAnswers.tags(answer.status()) == FailureKind.REPOSITORY_NOT_FOUND) {
        c.step(StepName.TAGS, StepStatus.FAILED, CheckState.elapsedSince(start), "404");
        c.failures.add(
            new Failure(
                FailureKind.REPOSITORY_NOT_FOUND,
                StepName.MANIFEST,
                "repository "
                    + c.image.repository()
                    + " does not exist on "
                    + c.image.apiHost()
                    + (c.credentialsSent
                        ? ""
                        : " (or it is private and invisible to anonymous users)"),
                evidence,
                null));
        return;
      }
      c.step(
          StepName.TAGS,
          StepStatus.FAILED,
          CheckState.elapsedSince(start),
          String.valueOf(answer.status()));
      c.notes.add(
          "tags/list answered "
              + answer.status()
              + "; cannot tell a missing repository from a missing tag");
    } else {
      Exchange.Fault fault = (Exchange.Fault) outcome;
      evidence.addAll(fault.evidence());
      c.step(StepName.TAGS, StepStatus.FAILED, CheckState.elapsedSince(start), fault.kind().name());
      c.notes.add(
          "tags/list failed ("
              + fault.kind()
              + "); cannot tell a missing repository from a missing tag");
    }
    c.failures.add(
        new Failure(
            FailureKind.MANIFEST_NOT_FOUND,
            StepName.MANIFEST,
            "manifest " + what + " not found on " + c.image.apiHost(),
            evidence,
            null));
  }

  static List<String> parseTags(byte[] body) {
    List<String> names = new ArrayList<>();
    try {
      JsonNode root = ErrorBodies.json().readTree(body);
      JsonNode list = root == null ? null : root.get("tags");
      if (list != null && list.isArray()) {
        list.forEach(
            tag -> {
              if (tag.isTextual()) {
                names.add(tag.asText());
              }
            });
      }
    } catch (IOException e) {
      // not a tag list: treated as no c.tags
    }
    return names;
  }
}

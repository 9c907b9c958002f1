package dev.regdoctor.internal.http;

import java.util.Set;

/**
 * Tells whether a {@code -u} or {@code --user} flag in a text is an option of a container engine's
 * {@code run}, {@code create} or {@code exec} (docker, podman, nerdctl; {@code docker container
 * run} too), whose value is a user and group ({@code docker run -u 1000:1000 alpine}), not a login
 * as after curl, ctr or {@code nerdctl login}. Reads the text's words left to right once, across
 * all the questions asked of it, so that a text with many flags is still read in linear time.
 *
 * <p>It answers true only when sure: the flag is among the command's own options, before the image
 * (or, for {@code exec}, the container) that ends them, in the same command (a line break, {@code
 * |}, {@code ;}, {@code &}, a parenthesis or a backquote ends one). A word the options cannot
 * account for is taken for the image: after it come the container's own command and arguments
 * ({@code docker run --rm curlimages/curl -u bob:password}), whose logins stay masked. An option it
 * does not know (is it a switch, or does it read the next word?) leaves the rest of the command
 * unsure, and unsure is masked: {@code podman exec -l curl -u bob:pw} keeps nothing. Not
 * thread-safe: one per text, and positions asked in increasing order.
 */
final class ContainerUsers {
  private static final Set<String> ENGINES = Set.of("docker", "podman", "nerdctl");
  private static final Set<String> SUBCOMMANDS = Set.of("run", "create", "exec");

  /** Long options of run, create and exec that take no value. */
  private static final Set<String> SWITCHES =
      Set.of(
          "--rm",
          "--detach",
          "--interactive",
          "--tty",
          "--privileged",
          "--init",
          "--read-only",
          "--read-only-tmpfs",
          "--publish-all",
          "--no-healthcheck",
          "--oom-kill-disable",
          "--quiet",
          "--sig-proxy",
          "--disable-content-trust",
          "--replace",
          "--rmi",
          "--no-hosts",
          "--env-host",
          "--http-proxy",
          "--tls-verify",
          "--help");

  /** Long options of run, create and exec that read the next word as their value. */
  private static final Set<String> VALUE_OPTIONS =
      Set.of(
          "--name",
          "--network",
          "--net",
          "--env",
          "--env-file",
          "--volume",
          "--mount",
          "--publish",
          "--entrypoint",
          "--workdir",
          "--user",
          "--platform",
          "--pull",
          "--label",
          "--hostname",
          "--add-host",
          "--dns",
          "--memory",
          "--cpus",
          "--restart",
          "--log-driver",
          "--log-opt",
          "--device",
          "--cap-add",
          "--cap-drop",
          "--security-opt",
          "--tmpfs",
          "--ulimit",
          "--shm-size",
          "--gpus",
          "--runtime",
          "--group-add",
          "--volumes-from",
          "--ipc",
          "--pid",
          "--userns",
          "--pod",
          "--namespace",
          "--expose",
          "--link");

  /** Short options of run, create and exec that take no value. */
  private static final String SHORT_SWITCHES = "ditPq";

  /** Short options of run, create and exec that read the next word as their value. */
  private static final String SHORT_VALUES = "evpwuhmn";

  private enum State {
    /** Not in an engine's command, or past its options. */
    OTHER,
    /** After an engine's name, before its subcommand. */
    ENGINE,
    /** Among the options of run, create or exec. */
    OPTIONS,
    /** After an option it does not know, until the command ends: nothing is taken for a user. */
    UNSURE
  }

  private final String text;
  private int read;
  private int wordStart = -1;
  private State state = State.OTHER;
  private boolean valueNext;

  ContainerUsers(String text) {
    this.text = text;
  }

  /**
   * Returns whether the flag at {@code flagStart} is a container's own {@code -u} or {@code --user}
   * (exactly so spelled). Positions must not decrease from one call to the next.
   */
  boolean isContainerOption(int flagStart) {
    if (!text.startsWith("-u", flagStart) && !text.startsWith("--user", flagStart)) {
      return false;
    }
    if (flagStart < read) {
      return false;
    }
    advance(flagStart);
    return state == State.OPTIONS && !valueNext && wordStart < 0;
  }

  /** Reads the words that end before {@code to}; a word still open at {@code to} stays open. */
  private void advance(int to) {
    for (int i = read; i < to; i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        endWord(i);
      } else if ("\n\r|;&()`".indexOf(c) >= 0) {
        endWord(i);
        state = State.OTHER;
        valueNext = false;
      } else if (wordStart < 0) {
        wordStart = i;
      }
    }
    read = to;
  }

  private void endWord(int end) {
    if (wordStart < 0) {
      return;
    }
    String word = text.substring(wordStart, end);
    wordStart = -1;
    switch (state) {
      case OTHER -> {
        if (engine(word)) {
          state = State.ENGINE;
          valueNext = false;
        }
      }
      case ENGINE -> {
        if (SUBCOMMANDS.contains(word)) {
          state = State.OPTIONS;
          valueNext = false;
        } else if (word.startsWith("-")) {
          // A global option without "=" may take the next word (nerdctl -n k8s.io run).
          valueNext = word.indexOf('=') < 0;
        } else if (valueNext) {
          valueNext = false;
        } else if (!word.equals("container")) {
          state = engine(word) ? State.ENGINE : State.OTHER;
        }
      }
      case OPTIONS -> {
        if (word.equals("--")) {
          state = State.OTHER;
        } else if (word.startsWith("-") && word.length() > 1) {
          if (!known(word)) {
            state = State.UNSURE;
            valueNext = false;
          } else {
            valueNext = takesValue(word);
          }
        } else if (valueNext) {
          valueNext = false;
        } else {
          // The image (the container for exec): what follows is the container's command.
          state = engine(word) ? State.ENGINE : State.OTHER;
          valueNext = false;
        }
      }
      case UNSURE -> {
        // stays unsure until the command ends
      }
    }
  }

  /** Returns whether the option is one whose value it knows to read or not to read. */
  private static boolean known(String option) {
    int equals = option.indexOf('=');
    String name = equals < 0 ? option : option.substring(0, equals);
    if (name.startsWith("--")) {
      return SWITCHES.contains(name) || VALUE_OPTIONS.contains(name);
    }
    if (equals >= 0 || name.length() < 2) {
      return false;
    }
    if (name.length() == 2) {
      return SHORT_SWITCHES.indexOf(name.charAt(1)) >= 0
          || SHORT_VALUES.indexOf(name.charAt(1)) >= 0;
    }
    // "-it": switches only; "-p8080:80": a value option with its value glued on.
    for (int i = 1; i < name.length(); i++) {
      if (SHORT_SWITCHES.indexOf(name.charAt(i)) < 0) {
        return SHORT_VALUES.indexOf(name.charAt(1)) >= 0;
      }
    }
    return true;
  }

  /** Returns whether an option reads the next word as its value. */
  private static boolean takesValue(String option) {
    if (option.indexOf('=') >= 0) {
      return false;
    }
    if (option.startsWith("--")) {
      return !SWITCHES.contains(option);
    }
    // "-it" is switches; "-p8080:80" carries its value.
    return option.length() == 2 && SHORT_SWITCHES.indexOf(option.charAt(1)) < 0;
  }

  /** Returns whether {@code word} runs an engine: {@code docker}, {@code /usr/bin/podman}, … */
  private static boolean engine(String word) {
    int slash = Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\'));
    String name = word.substring(slash + 1);
    if (name.endsWith(".exe")) {
      name = name.substring(0, name.length() - 4);
    }
    return ENGINES.contains(name);
  }
}

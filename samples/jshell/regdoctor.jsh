// Registry Doctor in JShell:
//   jshell --class-path cli/target/regdoctor.jar samples/jshell/regdoctor.jsh
// then:
//   diagnose("localhost:5000/team/app:1.0")
//   diagnose("registry.example.com/shop/web:1.4").verdict().code()
//   explain("pull access denied for shop/web, repository does not exist or may require 'docker login'")
import dev.regdoctor.diagnostics.*;
import dev.regdoctor.diagnostics.explain.*;
import dev.regdoctor.reference.*;
import java.time.Duration;

/** Diagnoses an image with the default settings; the report prints itself. */
Report diagnose(String image) {
  return RegistryDoctor.diagnose(image);
}

/** Diagnoses an image with a user name and password. */
Report diagnose(String image, String username, String password) {
  try (RegistryDoctor doctor = RegistryDoctor.builder().credentials(username, password).build()) {
    return doctor.check(image);
  }
}

/** Explains pasted error text (Docker, containerd, kubelet, Podman, skopeo, crane, Jib, Java). */
Explanation explain(String text) {
  return RegistryDoctor.explain(text);
}

/** Parses an image reference as docker pull does. */
ImageReference reference(String image) {
  return ImageReference.parse(image);
}

System.out.println("Registry Doctor loaded: diagnose(\"IMAGE\"), diagnose(\"IMAGE\", \"user\", \"password\"), explain(\"ERROR TEXT\"), reference(\"IMAGE\")");

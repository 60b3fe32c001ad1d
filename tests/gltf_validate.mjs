// Validate GLB files with the Khronos glTF-Validator and print one JSON document:
// {"reports": {"<path>": <validator report>, ...}}. Paths come as arguments, or as a JSON array
// on stdin when there are none (so one node process can check many files).
import { readFileSync } from "node:fs";
import validator from "gltf-validator";

async function main() {
  let paths = process.argv.slice(2);
  if (paths.length === 0) {
    paths = JSON.parse(readFileSync(0, "utf8"));
  }
  const reports = {};
  for (const path of paths) {
    const data = new Uint8Array(readFileSync(path));
    reports[path] = await validator.validateBytes(data, {
      uri: path,
      maxIssues: 200,
      externalResourceFunction: () => Promise.reject(new Error("external resources are not allowed")),
    });
  }
  process.stdout.write(JSON.stringify({ reports }));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(2);
});

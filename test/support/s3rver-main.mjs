/**
 * Runs s3rver (a real S3-compatible HTTP server) for tests and benchmarks, as a
 * child process of test/support/s3-server.ts.
 *
 * Start it with `node --openssl-legacy-provider`: s3rver encrypts its
 * ListObjectsV2 continuation tokens with single-DES, which OpenSSL 3 refuses
 * otherwise (every truncated listing would answer 500).
 * The CommonPrefixes bug of s3rver's filesystem store is fixed by
 * patches/s3rver+3.7.1.patch (applied by patch-package on npm install).
 *
 * Usage: node --openssl-legacy-provider s3rver-main.mjs <directory> [port]
 * Prints `{"port":N}` on stdout once it listens. Exits when stdin closes, so
 * it does not outlive a parent that dies without killing it.
 */
import S3rver from "s3rver";

const [directory, port = "0"] = process.argv.slice(2);
if (!directory) {
  console.error("usage: s3rver-main.mjs <directory> [port]");
  process.exit(2);
}

// The parent holds the other end of stdin; end-of-file means it is gone.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));

const server = new S3rver({
  address: "127.0.0.1",
  port: Number(port),
  directory,
  silent: true,
  resetOnClose: false,
});
server.run().then(
  (address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

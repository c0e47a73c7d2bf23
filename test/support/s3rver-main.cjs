/**
 * Runs s3rver (a real S3-compatible HTTP server) for tests and benchmarks.
 * Start with `node --openssl-legacy-provider` : s3rver signs continuation
 * tokens with single-DES, which OpenSSL 3 refuses otherwise (every truncated
 * ListObjectsV2 would answer 500).
 * Usage: node --openssl-legacy-provider s3rver-main.cjs <directory> [port]
 * Prints `{"port":N}` on stdout once it listens.
 */
const S3rver = require("s3rver");
const FilesystemStore = require("s3rver/lib/stores/filesystem");

// s3rver prunes directories below a would-be common prefix before it has seen
// an object in them, so with Delimiter=/ a prefix whose objects sit two or more
// levels down never appears in CommonPrefixes. List without the delimiter
// (no pruning) and group the keys here, the way S3 does.
const listObjects = FilesystemStore.prototype.listObjects;
FilesystemStore.prototype.listObjects = async function (bucket, options) {
  const { delimiter = "", prefix = "", maxKeys = Infinity } = options;
  if (!delimiter) return listObjects.call(this, bucket, options);
  const all = await listObjects.call(this, bucket, {
    ...options,
    delimiter: "",
    maxKeys: Infinity,
  });
  const commonPrefixes = new Set();
  const objects = [];
  let isTruncated = false;
  for (const object of all.objects) {
    const idx = object.key.slice(prefix.length).indexOf(delimiter);
    if (idx !== -1) {
      commonPrefixes.add(object.key.slice(0, prefix.length + idx + 1));
    } else if (objects.length < maxKeys) {
      objects.push(object);
    } else {
      isTruncated = true;
      break;
    }
  }
  return { objects, commonPrefixes: [...commonPrefixes].sort(), isTruncated };
};

const [directory, port = "0"] = process.argv.slice(2);
if (!directory) {
  console.error("usage: s3rver-main.cjs <directory> [port]");
  process.exit(2);
}
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
process.on("SIGTERM", () => {
  server.close().finally(() => process.exit(0));
});

/**
 * Prints a password hash for the users file (TRAILGLASS_USERS_FILE).
 * `npm run hash-password` asks for the password without echoing it;
 * `echo -n secret | npm run -s hash-password` reads it from a pipe.
 */
import { hashPassword } from "../lib/auth/password";

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  }
  process.stderr.write("Password (not shown): ");
  process.stdin.setRawMode(true);
  let password = "";
  return new Promise((resolve, reject) => {
    process.stdin.on("data", (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stderr.write("\n");
          resolve(password);
          return;
        }
        if (char === "\u0003") {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          reject(new Error("cancelled"));
          return;
        }
        if (char === "\u007f") password = password.slice(0, -1);
        else password += char;
      }
    });
  });
}

readPassword()
  .then((password) => {
    if (password.length < 8) {
      console.error("Use at least 8 characters.");
      process.exit(1);
    }
    console.log(hashPassword(password));
  })
  .catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });

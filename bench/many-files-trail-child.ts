/**
 * One writer of bench/many-files-trail.ts: writes the partitions it is sent
 * and answers with their statistics (a process per core: generation is CPU-bound).
 */
import { type ManyFilesParams, writePartition } from "./many-files-trail";

process.once("message", (message) => {
  const { params, partitions, root, signingKeyPem } = message as {
    params: ManyFilesParams;
    partitions: number[];
    root: string;
    signingKeyPem: string;
  };
  const stats = partitions.map((p) => writePartition(params, p, root, signingKeyPem));
  process.send!(stats, () => process.disconnect());
});

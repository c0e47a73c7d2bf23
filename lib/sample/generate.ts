import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { AUTOMATION_ACTORS } from "./automation";
import {
  ACCOUNTS,
  GENERATOR_VERSION,
  HOME_REGION,
  ORGANIZATION_ID,
  REGIONS,
  SPAN_FROM_MS,
  SPAN_TO_MS,
  TRAIL_BUCKET,
  TRAIL_NAME,
} from "./config";
import { DATA_ACTORS } from "./data-actors";
import { deliver, serialize, type SerializedFile } from "./deliver";
import { DIGEST_SCOPE, digests } from "./digest";
import { SAMPLE_DIGEST_KEYS_FILE, sampleDigestKeysJson } from "./digest-keys-file";
import { SAMPLE_DIGEST_KEY_FINGERPRINT } from "./digest-signing-key";
import { INCIDENT, incident } from "./incident";
import { backgroundInsights } from "./insights";
import { legacyRecords } from "./legacy";
import { countFiles, sampleManifestSchema, type SampleManifest } from "./manifest";
import { NETWORK_ACTORS } from "./network-activity";
import { PEOPLE_ACTORS } from "./people";
import { runActors } from "./schedule";
import { serviceEvents } from "./service-events";
import { STRANGER_ACTORS } from "./strangers";
import { tamperAfterDigest } from "./tamper";
import { HOUR, iso } from "./time";
import type { GeneratedEvent } from "./types";
import { WORKLOAD_ACTORS } from "./workloads";

/** A plain text file written as is (not gzipped) beside the trail. */
export interface TextFile {
  key: string;
  text: string;
}

/** A local copy keeps no S3 metadata: a digest's signature sits beside it (local-folder-source.ts). */
const SIGNATURE_SUFFIX = ".sig";

export interface SampleTrail {
  files: SerializedFile[];
  /** Each digest's signature (`<digest key>.sig`) and the digests' public key (SAMPLE_DIGEST_KEYS_FILE). */
  textFiles: TextFile[];
  manifest: SampleManifest;
}

/** Builds the whole trail in memory. Pure: the same bytes every time. */
export function buildSampleTrail(): SampleTrail {
  const found = incident();
  const generated: GeneratedEvent[] = [
    ...runActors([
      ...PEOPLE_ACTORS,
      ...AUTOMATION_ACTORS,
      ...WORKLOAD_ACTORS,
      ...DATA_ACTORS,
      ...NETWORK_ACTORS,
      ...STRANGER_ACTORS,
    ]),
    ...backgroundInsights(),
    ...serviceEvents(),
    ...legacyRecords(),
    ...found.events,
  ];
  const events = generated.filter((e) => e.timeMs >= SPAN_FROM_MS && e.timeMs < SPAN_TO_MS + 1000);
  const ids = new Set<string>();
  for (const e of events) {
    const id = e.record.eventID;
    if (typeof id !== "string") continue;
    if (ids.has(id)) throw new Error(`sample generator: duplicate eventID ${id}`);
    ids.add(id);
  }

  const delivery = deliver(events);
  const delivered = delivery.files.map(serialize);
  const signed = digests(delivered);
  // After the digests: the tampered file no longer matches the hash its digest lists.
  const { logFiles, modifiedFiles } = tamperAfterDigest(delivered, signed);
  const digestFiles = signed.map((d) => d.file);
  const counts = countFiles(delivery.files, digestFiles.length);
  if (counts.duplicateRecords !== delivery.duplicateRecords)
    throw new Error("sample generator: duplicate count mismatch");

  const manifest = sampleManifestSchema.parse({
    generatorVersion: GENERATOR_VERSION,
    span: { from: iso(SPAN_FROM_MS), to: iso(SPAN_TO_MS) },
    organizationId: ORGANIZATION_ID,
    trail: { name: TRAIL_NAME, homeRegion: HOME_REGION, bucket: TRAIL_BUCKET },
    accounts: ACCOUNTS.map((a) => ({ id: a.id, name: a.name })),
    regions: [...REGIONS],
    ...counts,
    digestCoverage: {
      account: DIGEST_SCOPE.account,
      region: DIGEST_SCOPE.region,
      from: iso(DIGEST_SCOPE.fromMs),
      to: iso(DIGEST_SCOPE.fromMs + DIGEST_SCOPE.hours * HOUR),
      logFiles: signed.reduce((n, d) => n + d.logFileKeys.length, 0),
      modifiedFiles,
      fingerprint: SAMPLE_DIGEST_KEY_FINGERPRINT,
    },
    incident: {
      description:
        `The access key ${INCIDENT.accessKeyId} of IAM user ${INCIDENT.userName} (account ${INCIDENT.account}) is used from ` +
        `${INCIDENT.sourceIp} with an unusual user agent on 2026-11-04 between 02:10 and 03:30 UTC: discovery calls, ` +
        `a burst of denied GetSecretValue calls (ApiErrorRateInsight), ListObjects and GetObject downloads from ` +
        `${INCIDENT.bucket}, CreateUser ${INCIDENT.createdUser} with CreateAccessKey and AttachUserPolicy AdministratorAccess, ` +
        `StopLogging and DeleteTrail denied by a service control policy, GetFederationToken for a federated user ` +
        `${INCIDENT.federatedUser} (36-hour credentials that outlive the key) whose session lists the buckets and the ` +
        `exports, then a PutBucketPolicy by the new user that opens the bucket to account 210987654321, which reads from it.`,
      account: INCIDENT.account,
      userName: INCIDENT.userName,
      accessKeyId: INCIDENT.accessKeyId,
      sourceIp: INCIDENT.sourceIp,
      window: { from: iso(INCIDENT.from), to: iso(INCIDENT.to) },
      bucket: INCIDENT.bucket,
      createdUser: INCIDENT.createdUser,
      createdAccessKeyId: INCIDENT.createdAccessKeyId,
      federatedUser: INCIDENT.federatedUser,
      hostileUserAgentEventId: found.hostileUserAgentEventId,
      formulaPayloadEventId: found.formulaPayloadEventId,
    },
  });
  const textFiles: TextFile[] = [
    ...signed.map((d) => ({ key: `${d.file.key}${SIGNATURE_SUFFIX}`, text: `${d.signature}\n` })),
    { key: SAMPLE_DIGEST_KEYS_FILE, text: sampleDigestKeysJson() },
  ];
  return { files: [...logFiles, ...digestFiles], textFiles, manifest };
}

/** A dotfile, so folder sources never take it for a trail file. */
export const MANIFEST_FILE = ".trailglass-sample.json";

function manifestJson(manifest: SampleManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Writes the trail under `outDir`, which must be missing or empty. */
export async function generateSampleTrail(options: { outDir: string }): Promise<SampleManifest> {
  const outDir = path.resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  if ((await readdir(outDir)).length > 0) {
    throw new Error(
      `generateSampleTrail: ${outDir} is not empty; use ensureSampleTrail to replace a sample trail`,
    );
  }
  const { files, textFiles, manifest } = buildSampleTrail();
  const dirs = new Set(files.map((f) => path.dirname(path.join(outDir, f.key))));
  for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift())
      await writeFile(path.join(outDir, f.key), f.gzip);
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  for (const f of textFiles) await writeFile(path.join(outDir, f.key), f.text);
  await writeFile(path.join(outDir, MANIFEST_FILE), manifestJson(manifest));
  return manifest;
}

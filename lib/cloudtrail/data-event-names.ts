/**
 * Data-plane APIs that CloudTrail logs only as data events. Records older than
 * eventVersion 1.06 say neither `eventCategory` nor `managementEvent`; for
 * them, these names are what tells a data event from a management one.
 */
const DATA_EVENTS_BY_SOURCE: Record<string, readonly string[]> = {
  "s3.amazonaws.com": [
    "GetObject",
    "GetObjectAcl",
    "GetObjectAttributes",
    "GetObjectLegalHold",
    "GetObjectRetention",
    "GetObjectTagging",
    "GetObjectTorrent",
    "HeadObject",
    "PutObject",
    "PutObjectAcl",
    "PutObjectLegalHold",
    "PutObjectRetention",
    "PutObjectTagging",
    "DeleteObject",
    "DeleteObjects",
    "DeleteObjectTagging",
    "CopyObject",
    "RestoreObject",
    "SelectObjectContent",
    "CreateMultipartUpload",
    "UploadPart",
    "UploadPartCopy",
    "CompleteMultipartUpload",
    "AbortMultipartUpload",
    "ListParts",
    "ListObjects",
    "ListObjectsV2",
    "ListObjectVersions",
  ],
  "lambda.amazonaws.com": ["Invoke", "InvokeAsync", "InvokeWithResponseStream"],
  "dynamodb.amazonaws.com": [
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "BatchGetItem",
    "BatchWriteItem",
    "Query",
    "Scan",
    "TransactGetItems",
    "TransactWriteItems",
    "ExecuteStatement",
    "BatchExecuteStatement",
    "ExecuteTransaction",
  ],
};

const DATA_EVENTS = new Set(
  Object.entries(DATA_EVENTS_BY_SOURCE).flatMap(([source, names]) =>
    names.map((name) => `${source}:${name}`),
  ),
);

export function isKnownDataEvent(eventSource: string | undefined, eventName: string | undefined) {
  return DATA_EVENTS.has(`${eventSource ?? ""}:${eventName ?? ""}`);
}

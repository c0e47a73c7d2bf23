/**
 * The CloudTrail table Athena reads, as AWS documents it (JsonSerDe over each
 * log file's `Records`, columns named like the record's fields in lower case,
 * nested objects as STRUCTs, free-form ones as JSON text), declared once: the
 * DDL trailglass prints (`npm run athena:ddl`), the queries it writes and the
 * local Athena stand-in of the tests are made from this list.
 */

export interface TableColumn {
  /** The column, spelt like the record's key (Athena matches names in any case). */
  name: string;
  /** Its Hive type in the DDL; a STRUCT's fields are spelt like the record's keys too. */
  type: string;
}

const IDENTITY = [
  "type:STRING",
  "principalId:STRING",
  "arn:STRING",
  "accountId:STRING",
  "invokedBy:STRING",
  "accessKeyId:STRING",
  "userName:STRING",
  "onBehalfOf:STRUCT<userId:STRING,identityStoreArn:STRING>",
  "sessionContext:STRUCT<attributes:STRUCT<mfaAuthenticated:STRING,creationDate:STRING>," +
    "sessionIssuer:STRUCT<type:STRING,principalId:STRING,arn:STRING,accountId:STRING,userName:STRING>," +
    "ec2RoleDelivery:STRING,sourceIdentity:STRING>",
].join(",");

const text = (name: string): TableColumn => ({ name, type: "STRING" });

export const CLOUDTRAIL_COLUMNS: readonly TableColumn[] = [
  text("eventVersion"),
  { name: "userIdentity", type: `STRUCT<${IDENTITY}>` },
  text("eventTime"),
  text("eventSource"),
  text("eventName"),
  text("awsRegion"),
  text("sourceIPAddress"),
  text("userAgent"),
  text("errorCode"),
  text("errorMessage"),
  text("requestParameters"),
  text("responseElements"),
  text("additionalEventData"),
  text("requestID"),
  text("eventID"),
  text("readOnly"),
  { name: "resources", type: "ARRAY<STRUCT<arn:STRING,accountId:STRING,type:STRING>>" },
  text("eventType"),
  text("apiVersion"),
  text("recipientAccountId"),
  text("serviceEventDetails"),
  text("sharedEventID"),
  text("vpcEndpointId"),
  text("eventCategory"),
  {
    name: "tlsDetails",
    type: "STRUCT<tlsVersion:STRING,cipherSuite:STRING,clientProvidedHostHeader:STRING>",
  },
];

/**
 * The partition columns of the table `npm run athena:ddl` prints (projected
 * from the key layout `AWSLogs/[org/]account/CloudTrail/region/yyyy/MM/dd/`).
 * A table made otherwise names its own (TRAILGLASS_ATHENA `partitions=`).
 */
export const PARTITION_COLUMNS = ["account", "region", "timestamp"] as const;
export type PartitionColumn = (typeof PARTITION_COLUMNS)[number];

/** The record's text columns a free-text search looks in, as JSON text where nested. */
export const SEARCHED_COLUMNS: readonly TableColumn[] = CLOUDTRAIL_COLUMNS.filter(
  (c) => c.name !== "eventTime",
);

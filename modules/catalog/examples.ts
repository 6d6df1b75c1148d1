/**
 * Factories for the catalog's example events. They only fill the dull fields; each detection
 * states the fields that matter. The shapes are those of real records in `__tests__/corpus`
 * (Stratus Red Team detonations, the CloudTrail User Guide's sign-in examples, Elastic's
 * pipeline captures, the Ubuntu `auth.log` and RHEL `secure` captures), redacted: documentation
 * account ids, RFC 5737 addresses, made-up names.
 */
import { isPlainObject } from "../engines/plain-object";

/**
 * A partial CloudTrail record: nested objects merge into the defaults (so
 * `{ additionalEventData: { MFAUsed: "Yes" } }` keeps `LoginTo`), `undefined` deletes a field,
 * and `userIdentity` is replaced whole, because identities of different types share few fields.
 */
export type RecordOverrides = { readonly [field: string]: unknown };

type Json = Record<string, unknown>;

const REPLACED_WHOLE = new Set(["userIdentity"]);

const merge = (base: Json, overrides: RecordOverrides, depth = 0): Json => {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[key];
    else if (depth === 0 && REPLACED_WHOLE.has(key)) out[key] = value;
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = merge(out[key], value, depth + 1);
    else out[key] = value;
  }
  return out;
};

/** Examples are JSON, as CloudTrail delivers it: a round trip drops any `undefined` left inside. */
const asJson = (record: Json): Json => JSON.parse(JSON.stringify(record)) as Json;

export const EXAMPLE_ACCOUNT = "111122223333";

const iamUser = {
  type: "IAMUser",
  principalId: "AIDACKCEVSQ6C2EXAMPLE",
  arn: `arn:aws:iam::${EXAMPLE_ACCOUNT}:user/alice`,
  accountId: EXAMPLE_ACCOUNT,
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  userName: "alice",
};

/** The root user's identity as CloudTrail writes it (User Guide sign-in examples). */
export const ROOT_IDENTITY = {
  type: "Root",
  principalId: EXAMPLE_ACCOUNT,
  arn: `arn:aws:iam::${EXAMPLE_ACCOUNT}:root`,
  accountId: EXAMPLE_ACCOUNT,
  accessKeyId: "",
} as const;

/** An assumed-role session's identity, as Stratus Red Team's captures show it. */
export const ROLE_IDENTITY = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLEROLEID:deploy",
  arn: `arn:aws:sts::${EXAMPLE_ACCOUNT}:assumed-role/deployer/deploy`,
  accountId: EXAMPLE_ACCOUNT,
  accessKeyId: "ASIAEXAMPLEKEYID",
  sessionContext: {
    sessionIssuer: {
      type: "Role",
      principalId: "AROAEXAMPLEROLEID",
      arn: `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/deployer`,
      accountId: EXAMPLE_ACCOUNT,
      userName: "deployer",
    },
    attributes: { creationDate: "2024-05-01T09:58:00Z", mfaAuthenticated: "false" },
  },
} as const;

const API_CALL: Json = {
  eventVersion: "1.09",
  userIdentity: iamUser,
  eventTime: "2024-05-01T10:00:00Z",
  eventSource: "ec2.amazonaws.com",
  eventName: "DescribeInstances",
  awsRegion: "us-east-1",
  sourceIPAddress: "198.51.100.7",
  userAgent: "aws-cli/2.15.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1",
  requestParameters: null,
  responseElements: null,
  requestID: "5b1e9c7a-0000-4000-8000-000000000001",
  eventID: "3f6c2a3e-0000-4000-8000-000000000001",
  readOnly: false,
  eventType: "AwsApiCall",
  managementEvent: true,
  recipientAccountId: EXAMPLE_ACCOUNT,
  eventCategory: "Management",
  tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: "ec2.us-east-1.amazonaws.com" },
};

const SERVICE_EVENT: RecordOverrides = {
  userIdentity: { type: "AWSService", invokedBy: "cloudtrail.amazonaws.com" },
  sourceIPAddress: "cloudtrail.amazonaws.com",
  userAgent: "cloudtrail.amazonaws.com",
  eventType: "AwsServiceEvent",
  tlsDetails: undefined,
  requestID: undefined,
};

const CONSOLE_LOGIN: Json = {
  eventVersion: "1.08",
  userIdentity: { type: "IAMUser", principalId: iamUser.principalId, arn: iamUser.arn, accountId: EXAMPLE_ACCOUNT, userName: "alice" },
  eventTime: "2024-05-01T10:00:00Z",
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  awsRegion: "us-east-1",
  sourceIPAddress: "203.0.113.45",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  requestParameters: null,
  responseElements: { ConsoleLogin: "Success" },
  additionalEventData: { LoginTo: "https://console.aws.amazon.com/console/home", MobileVersion: "No", MFAUsed: "No" },
  eventID: "9a3c1d2e-0000-4000-8000-000000000002",
  readOnly: false,
  eventType: "AwsConsoleSignIn",
  managementEvent: true,
  recipientAccountId: EXAMPLE_ACCOUNT,
  eventCategory: "Management",
};

const FAILED_SIGN_IN: RecordOverrides = { responseElements: { ConsoleLogin: "Failure" }, errorMessage: "Failed authentication" };

/** A management API call by an IAM user with an access key (override what the case is about). */
export const apiCall = (overrides: RecordOverrides = {}): Json => asJson(merge(API_CALL, overrides));

/** What AWS does on its own behalf (`eventType: AwsServiceEvent`, no caller credentials). */
export const serviceEvent = (overrides: RecordOverrides = {}): Json => asJson(merge(merge(API_CALL, SERVICE_EVENT), overrides));

/**
 * A successful console sign-in of an IAM user without MFA (the CloudTrail User Guide's first
 * sign-in example).
 */
export const consoleLogin = (overrides: RecordOverrides = {}): Json => asJson(merge(CONSOLE_LOGIN, overrides));

/** A failed console sign-in with a wrong password, as the User Guide shows it. */
export const failedConsoleLogin = (overrides: RecordOverrides = {}): Json =>
  asJson(merge(merge(CONSOLE_LOGIN, FAILED_SIGN_IN), overrides));

/** Which header an sshd line carries: the classic syslog one or rsyslog's RFC 3339 one. */
export type SyslogHeader = "classic" | "rfc3339";

export interface SshdLineOptions {
  readonly header?: SyslogHeader;
  /** `sshd`, `sshd-session` (OpenSSH ≥ 9.8), or another program for a near miss. */
  readonly program?: string;
  readonly host?: string;
  readonly pid?: number;
}

/**
 * An sshd line as the CloudWatch agent ships it: the whole syslog line, header included
 * (`Mar  5 10:00:00 host sshd[123]: msg`, day space-padded, or
 * `2024-03-05T10:00:00.123456+00:00 host sshd[123]: msg`).
 */
export const sshdLine = (message: string, options: SshdLineOptions = {}): string => {
  const { header = "classic", program = "sshd", host = "ip-10-0-1-23", pid = 24817 } = options;
  const stamp = header === "classic" ? "Mar  5 10:00:00" : "2024-03-05T10:00:00.123456+00:00";
  return `${stamp} ${host} ${program}[${pid}]: ${message}`;
};

/**
 * CloudTrail records copied verbatim, one JSON line each, from ../shared/corpus/cloudtrail/ (see
 * that README for sources and licences: Stratus Red Team and Panther are Apache-2.0, the CloudTrail
 * User Guide examples CC-BY-SA-4.0). File and line are given for each.
 */

const parse = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>;

/** StopLogging by an IAM user (Stratus Red Team capture, anonymized); stratus-red-team-detonations.jsonl:65. */
export const stopLogging = parse(
  String.raw`{"awsRegion":"apiso-centralnorth-2r","eventCategory":"Management","eventID":"10163ed2-2253-469d-a5ee-cbc6651f8934","eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com","eventTime":"2024-07-31T13:06:24Z","eventType":"AwsApiCall","eventVersion":"1.10","managementEvent":true,"readOnly":false,"recipientAccountId":"143434273843","requestID":"14c891b6-11b5-4787-ae97-64a974977078","requestParameters":{"name":"stratus-red-team-ct-stop-trail-buykxbqejv"},"responseElements":null,"sourceIPAddress":"86.245.153.234","tlsDetails":{"cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"cloudtrail.apiso-centralnorth-2r.amazonaws.com","tlsVersion":"TLSv1.3"},"userAgent":"stratus-red-team_c97089f1-1ae3-4ecc-b006-f5e8fd0f2571","userIdentity":{"accessKeyId":"AKIAGGWFBBHBE7D3M9WI","accountId":"143434273843","arn":"arn:aws:iam::143434273843:user/christophe","principalId":"AIDAOC1SYDVN0AF0FMMR","type":"IAMUser","userName":"christophe"}}`,
);

/** DeleteTrail (Stratus capture); stratus-red-team-detonations.jsonl:63. */
export const deleteTrail = parse(
  String.raw`{"awsRegion":"megov-westwest-1r","eventCategory":"Management","eventID":"ee73c230-44bc-4492-8542-cfb189eae287","eventName":"DeleteTrail","eventSource":"cloudtrail.amazonaws.com","eventTime":"2024-07-31T12:46:41Z","eventType":"AwsApiCall","eventVersion":"1.10","managementEvent":true,"readOnly":false,"recipientAccountId":"847129010505","requestID":"206c2187-a29f-45bf-86a2-a87d99ff7186","requestParameters":{"name":"stratus-red-team-cloudtraild-trail-kvrwohmiai"},"responseElements":null,"sourceIPAddress":"08.1.250.216","tlsDetails":{"cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"cloudtrail.megov-westwest-1r.amazonaws.com","tlsVersion":"TLSv1.3"},"userAgent":"stratus-red-team_a007fa03-86e2-4130-be03-ee7b7b10edcc","userIdentity":{"accessKeyId":"AKIAFBJ48BV9CGRBRKGM","accountId":"847129010505","arn":"arn:aws:iam::847129010505:user/christophe","principalId":"AIDALE4EP1EPEPX3SDR8","type":"IAMUser","userName":"christophe"}}`,
);

/** PutEventSelectors: same service, another call (Stratus capture); stratus-red-team-detonations.jsonl:64. */
export const putEventSelectors = parse(
  String.raw`{"awsRegion":"cn-northsouth-2r","eventCategory":"Management","eventID":"c2a89408-340a-42f0-8ace-75d9f5769393","eventName":"PutEventSelectors","eventSource":"cloudtrail.amazonaws.com","eventTime":"2024-07-31T12:50:02Z","eventType":"AwsApiCall","eventVersion":"1.10","managementEvent":true,"readOnly":false,"recipientAccountId":"958312252124","requestID":"5176273c-0497-47e9-8f4c-840b62e7fc9a","requestParameters":{"eventSelectors":[{"dataResources":[{"type":"AWS::S3::Object","values":[]},{"type":"AWS::Lambda::Function","values":[]}],"excludeManagementEventSources":[],"includeManagementEvents":false,"readWriteType":"ReadOnly"}],"trailName":"stratus-red-team-ctes-trail-khlvciwdor"},"responseElements":{"eventSelectors":[{"dataResources":[{"type":"AWS::S3::Object","values":[]},{"type":"AWS::Lambda::Function","values":[]}],"excludeManagementEventSources":[],"includeManagementEvents":false,"readWriteType":"ReadOnly"}],"trailARN":"arn:aws:cloudtrail:cn-northsouth-2r:958312252124:trail/stratus-red-team-ctes-trail-khlvciwdor"},"sourceIPAddress":"221.254.191.250","tlsDetails":{"cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"cloudtrail.cn-northsouth-2r.amazonaws.com","tlsVersion":"TLSv1.3"},"userAgent":"stratus-red-team_ce507fbd-078a-4e4c-975d-d80cb80df469","userIdentity":{"accessKeyId":"AKIA2I0BSXU5LNRWIN0K","accountId":"958312252124","arn":"arn:aws:iam::958312252124:user/christophe","principalId":"AIDA3JXGLTFY4HTLVVO7","type":"IAMUser","userName":"christophe"}}`,
);

/** StopLogging refused with NotOrganizationMasterAccountException (Panther scenario); panther-scenario-compromised-root.jsonl:9. */
export const failedStopLoggingByRoot = parse(
  String.raw`{"additionalEventData":null,"errorCode":"NotOrganizationMasterAccountException","errorMessage":"Cannot stop trail, not master trail.","awsRegion":"us-east-1","eventID":"1","eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com","eventTime":"2020-11-01T08:30:03Z","eventType":"AwsApiCall","eventVersion":"1.05","recipientAccountId":"493859302102","requestParameters":{"name":"acme-cloudtrail-us-east-1"},"responseElements":null,"sourceIPAddress":"92.55.146.245","userAgent":"console.amazonaws.com","userIdentity":{"accountId":"493859302102","arn":"arn:aws:iam::493859302102:root","principalId":"493859302102","type":"Root","userName":"root"}}`,
);

/** DescribeInstances, readOnly: true (Stratus capture); stratus-red-team-detonations.jsonl:90. */
export const describeInstances = parse(
  String.raw`{"awsRegion":"ca-northsouth-2r","eventCategory":"Management","eventID":"bfdbd679-9ac4-41e0-84f6-2be3ac12d3e5","eventName":"DescribeInstances","eventSource":"ec2.amazonaws.com","eventTime":"2024-08-01T12:03:30Z","eventType":"AwsApiCall","eventVersion":"1.09","managementEvent":true,"readOnly":true,"recipientAccountId":"309303190113","requestID":"14975c6a-e0f8-4abf-b731-5a21a8249464","requestParameters":{"filterSet":{},"instancesSet":{"items":[{"instanceId":"i-DDd6c7B0e18F0E35f"}]}},"responseElements":null,"sourceIPAddress":"251.228.255.218","tlsDetails":{"cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"ec2.ca-northsouth-2r.amazonaws.com","tlsVersion":"TLSv1.3"},"userAgent":"stratus-red-team_54d79918-8729-4201-83e6-6a600173b8e3","userIdentity":{"accessKeyId":"AKIAZI86ACIZ2J9CV86Z","accountId":"309303190113","arn":"arn:aws:iam::309303190113:user/christophe","principalId":"AIDAV0KQ3LIBUIGZ52WB","type":"IAMUser","userName":"christophe"}}`,
);

/** root ConsoleLogin, Success, no MFA (CloudTrail User Guide example); aws-docs-examples.jsonl:6. */
export const rootConsoleLogin = parse(
  String.raw`{"eventVersion":"1.05","userIdentity":{"type":"Root","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":""},"eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:62.0) Gecko/20100101 Firefox/62.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAUsed":"No"},"eventID":"deb1e1f9-c99b-4612-8e9f-21f93b5d79c0","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`,
);

/** root ConsoleLogin, Success, MFA (CloudTrail User Guide example); aws-docs-examples.jsonl:7. */
export const rootConsoleLoginWithMfa = parse(
  String.raw`{"eventVersion":"1.05","userIdentity":{"type":"Root","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":""},"eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:62.0) Gecko/20100101 Firefox/62.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAIdentifier":"arn:aws:iam::111122223333:mfa/root-account-mfa-device","MFAUsed":"YES"},"eventID":"deb1e1f9-c99b-4612-8e9f-21f93b5d79c0","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`,
);

/** root ConsoleLogin, Failure (CloudTrail User Guide example); aws-docs-examples.jsonl:8. */
export const rootConsoleLoginFailure = parse(
  String.raw`{"eventVersion":"1.05","userIdentity":{"type":"Root","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":""},"eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/68.0.3440.106 Safari/537.36","errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAUsed":"No"},"eventID":"a4fbbe77-91a0-4238-804a-64314184edb6","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}`,
);

/** IAM user ConsoleLogin, Success (Stratus capture); stratus-red-team-detonations.jsonl:232. */
export const iamUserConsoleLogin = parse(
  String.raw`{"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MFAUsed":"No","MobileVersion":"No"},"awsRegion":"eu-west-2r","eventCategory":"Management","eventID":"865d9377-9c6b-4fd7-8aad-725e95f6a140","eventName":"ConsoleLogin","eventSource":"signin.amazonaws.com","eventTime":"2024-08-02T08:53:24Z","eventType":"AwsConsoleSignIn","eventVersion":"1.08","managementEvent":true,"readOnly":false,"recipientAccountId":"562283505220","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"sourceIPAddress":"225.01.00.16","tlsDetails":{"cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"signin.aws.amazon.com","tlsVersion":"TLSv1.3"},"userAgent":"stratus-red-team_fccf7123-0651-41f5-b06c-460da5ee1c94","userIdentity":{"accountId":"562283505220","arn":"arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl","principalId":"AIDA1ERT0661IN5R239V","type":"IAMUser","userName":"stratus-red-team-nmfalu-jfzdtsvchl"}}`,
);

/** KMS RotateKey, an AwsServiceEvent (CloudTrail User Guide example); aws-docs-examples.jsonl:18. */
export const kmsRotateKey = parse(
  String.raw`{"eventVersion":"1.05","userIdentity":{"accountId":"123456789012","invokedBy":"AWS Internal"},"eventTime":"2019-06-02T00:06:08Z","eventSource":"kms.amazonaws.com","eventName":"RotateKey","awsRegion":"us-east-2","sourceIPAddress":"AWS Internal","userAgent":"AWS Internal","requestParameters":null,"responseElements":null,"eventID":"234f004b-EXAMPLE","readOnly":false,"resources":[{"ARN":"arn:aws:kms:us-east-2:123456789012:key/7944f0ec-EXAMPLE","accountId":"123456789012","type":"AWS::KMS::Key"}],"eventType":"AwsServiceEvent","recipientAccountId":"123456789012","serviceEventDetails":{"keyId":"7944f0ec-EXAMPLE"}}`,
);

/** GetSessionToken, no readOnly field (Panther rule test); panther-analysis-rule-tests.jsonl:397. */
export const getSessionToken = parse(
  String.raw`{"awsRegion":"us-east-1","eventID":"abc-123","eventName":"GetSessionToken","eventSource":"sts.amazonaws.com","eventTime":"2024-01-15T10:30:00Z","eventType":"AwsApiCall","eventVersion":"1.08","recipientAccountId":"123456789012","requestID":"req-123","sourceIPAddress":"203.0.113.50","userAgent":"aws-cli/2.15.0","userIdentity":{"accessKeyId":"AKIAIOSFODNN7EXAMPLE","accountId":"123456789012","arn":"arn:aws:iam::123456789012:user/example-user","principalId":"AIDACKCEVSQ6C2EXAMPLE","type":"IAMUser","userName":"example-user"}}`,
);

/** billing console GetAlternateContact, an AwsConsoleAction (Panther rule test); panther-analysis-rule-tests.jsonl:20. */
export const getAlternateContact = parse(
  String.raw`{"awsRegion":"us-east-1","eventCategory":"Management","eventID":"cd05c51d-fee2-4003-b9c5-385f28ad5b29","eventName":"GetAlternateContact","eventSource":"billingconsole.amazonaws.com","eventTime":"2022-11-23 21:06:45","eventType":"AwsConsoleAction","eventVersion":"1.08","managementEvent":true,"readOnly":true,"recipientAccountId":"123456789123","requestParameters":{"map":{}},"sourceIPAddress":"1.1.1.1","tlsDetails":{"cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"us-east-1.console.aws.amazon.com","tlsVersion":"TLSv1.2"},"userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.0.0 Safari/537.36","userIdentity":{"accessKeyId":"ASIA3JHVJH35KB7LJHV2","accountId":"123456789123","arn":"arn:aws:sts::123456789123:assumed-role/DevAdministrator/test_user","principalId":"AR0A354LKJXC87G9XC89V:test_user","type":"AssumedRole"}}`,
);

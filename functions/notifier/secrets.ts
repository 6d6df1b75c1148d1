/**
 * Webhook URLs and signing keys, read at run time from SSM Parameter Store (SecureString,
 * decrypted) or Secrets Manager through Powertools Parameters, cached for five minutes per
 * container: a burst of alerts costs one read, and a rotated secret is picked up within minutes.
 * The values never reach the environment, the logs or Terraform's state.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/features/parameters/
 */
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { SSMProvider } from "@aws-lambda-powertools/parameters/ssm";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { SecretReference } from "./config";

export const SECRET_CACHE_SECONDS = 300;

export type SecretReader = (reference: SecretReference) => Promise<string>;

/** Where a reference points, for logs and dead letters: the parameter's or secret's name, never its value. */
export const describeSecret = (reference: SecretReference): string =>
  "ssmParameter" in reference ? `SSM parameter ${reference.ssmParameter}` : `Secrets Manager secret ${reference.secretsManager}`;

export function createSecretReader(clients: { readonly ssm: SSMClient; readonly secretsManager: SecretsManagerClient }): SecretReader {
  const ssm = new SSMProvider({ awsSdkV3Client: clients.ssm });
  const secrets = new SecretsProvider({ awsSdkV3Client: clients.secretsManager });
  return async (reference) => {
    const value =
      "ssmParameter" in reference
        ? await ssm.get(reference.ssmParameter, { decrypt: true, maxAge: SECRET_CACHE_SECONDS })
        : await secrets.get(reference.secretsManager, { maxAge: SECRET_CACHE_SECONDS });
    if (typeof value !== "string" || value.trim() === "") throw new Error(`${describeSecret(reference)} is empty or not text`);
    return value.trim();
  };
}

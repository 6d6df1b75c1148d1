/**
 * Where a Lambda's failed asynchronous invocations go: after Lambda's two retries, within six
 * hours, the event and its error land in the function's dead-letter queue. The stream detector
 * (invoked by CloudWatch Logs) and the notifier (invoked by EventBridge) share it.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";

/** Created as `async` in the caller's scope, so the function's Terraform address stays its own. */
export const sendAsyncFailuresTo = (scope: Construct, provider: AwsProvider, fn: LambdaFunction, deadLetterQueueArn: string): LambdaFunctionEventInvokeConfig =>
  new LambdaFunctionEventInvokeConfig(scope, "async", {
    provider,
    functionName: fn.functionName,
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: 21_600,
    destinationConfig: { onFailure: { destination: deadLetterQueueArn } },
  });

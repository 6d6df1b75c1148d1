/**
 * A pure evaluator for CloudWatch Contributor Insights rules (JSON log format, `Count`), as
 * tripline deploys them: which contributor, if any, one log event counts for.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
 */
export {
  checkContributorRule,
  MAX_FILTERS,
  MAX_KEYS,
  MAX_VALUES_PER_FILTER,
  OPERATORS,
  type ContributorFilter,
  type ContributorOperator,
  type ContributorRule,
  type ContributorRuleViolation,
} from "./check";
export { compileContributorRule, ContributorRuleError } from "./compile";
export { parseJsonPath, resolvePath, type PathSegment } from "./path";

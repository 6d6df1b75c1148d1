/** Builds the cdktf app for an organization: one AccountStack per selected account. */
import type { App } from "cdktf";
import type { AccountModel, OrganizationModel } from "../manifest/model";
import { AccountStack } from "./account-stack";

export function buildApp(app: App, organization: OrganizationModel, accounts: readonly AccountModel[]): AccountStack[] {
  return accounts.map((account) => new AccountStack(app, { organization, account }));
}

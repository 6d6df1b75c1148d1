/** The `STACKS` filter (docs/design.md contract 1): applied before any stack is constructed. */
import type { AccountModel, OrganizationModel } from "./model";
import { failure, success, type Result } from "../result";


/** `stacks` is the comma-separated `STACKS` value; empty or undefined selects every account. */
export function selectAccounts(model: OrganizationModel, stacks: string | undefined): Result<readonly AccountModel[]> {
  const names = (stacks ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return success(model.accounts);
  const byName = new Map(model.accounts.map((account) => [account.name, account]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const known = [...byName.keys()].sort();
    return failure({
      file: "STACKS",
      line: 0,
      col: 0,
      field: "",
      message: `unknown stack ${unknown.map((n) => `"${n}"`).join(", ")}; known stacks: ${known.join(", ")}`,
    });
  }
  return success([...new Set(names)].map((name) => byName.get(name) as AccountModel));
}

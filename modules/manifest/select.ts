/** The `STACKS` filter (docs/design.md contract 1): applied before any stack is constructed. */
import type { AccountModel, OrganizationModel } from "./model";
import type { Problem } from "./problem";

export type Selection = { readonly accounts: readonly AccountModel[]; readonly problem?: undefined } | { readonly accounts?: undefined; readonly problem: Problem };

/** `stacks` is the comma-separated `STACKS` value; empty or undefined selects every account. */
export function selectAccounts(model: OrganizationModel, stacks: string | undefined): Selection {
  const names = (stacks ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return { accounts: model.accounts };
  const byName = new Map(model.accounts.map((account) => [account.name, account]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const known = [...byName.keys()].sort();
    return {
      problem: {
        file: "STACKS",
        line: 0,
        col: 0,
        field: "",
        message: `unknown stack ${unknown.map((n) => `"${n}"`).join(", ")}; known stacks: ${known.join(", ")}`,
      },
    };
  }
  return { accounts: [...new Set(names)].map((name) => byName.get(name) as AccountModel) };
}

/** The manifest's JSON Schema, from the same zod schema that validates it. */
import { z } from "zod";
import { AccountFile, OrganizationFile } from "./schema";

/**
 * One schema for every file of the folder: a file is either the organization file or an
 * account file. `io: "input"` describes what a person writes (defaults are optional).
 */
export function manifestJsonSchema(): Record<string, unknown> {
  const organization = z.toJSONSchema(OrganizationFile, { io: "input", unrepresentable: "any" });
  const account = z.toJSONSchema(AccountFile, { io: "input", unrepresentable: "any" });
  const strip = ({ $schema: _unused, ...rest }: Record<string, unknown>) => rest;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://github.com/tripline/tripline/schema/tripline.schema.json",
    title: "tripline manifest",
    description: "accounts/organization.yaml or accounts/<name>.yaml",
    anyOf: [strip(organization), strip(account)],
  };
}

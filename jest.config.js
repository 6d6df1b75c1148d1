/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup-cdktf.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
};

/**
 * Whether tests that need an external tool run. Without the tool they skip with a loud notice,
 * except when the matching REQUIRE_* variable is 1 (CI), where a missing tool is a failure.
 */
export function externalToolAvailable(tool: { readonly found: boolean; readonly what: string; readonly require: string; readonly install: string }): boolean {
  if (tool.found) return true;
  if (process.env[tool.require] === '1') throw new Error(`${tool.require}=1 but no ${tool.what} found (${tool.install}).`);
  console.warn(`\n!!! ${tool.what.toUpperCase()} TESTS SKIPPED: no ${tool.what} found (${tool.install}) !!!\n`);
  return false;
}

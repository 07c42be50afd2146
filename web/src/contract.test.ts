import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** A file's path from its URL (the console's type definitions know no Node). */
function pathOf(url: URL): string {
  return decodeURIComponent(url.pathname);
}

/**
 * The console holds no copy of the server's tables: it type-checks against the contract. A status added
 * to the contract's table (with its moves, so the contract itself still compiles) must fail the console's
 * type-check where the console has to know every status, as its colours do.
 */
const webConfig = pathOf(new URL('../tsconfig.json', import.meta.url));
const unitTable = pathOf(new URL('../../src/contract/unit.ts', import.meta.url));
const consoleFiles = ['map/symbols.ts', 'screens/field/statusMoves.ts'].map((file) => pathOf(new URL(`./${file}`, import.meta.url)));

/** The console's files type-checked as web/tsconfig.json says, with the contract's unit table replaced by `table`. */
function typeCheck(table: (text: string) => string, oldProgram?: ts.Program): { program: ts.Program; errors: string[] } {
  const config = ts.getParsedCommandLineOfConfigFile(webConfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) throw new Error('web/tsconfig.json cannot be read');
  const options: ts.CompilerOptions = { ...config.options, types: [], noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
    fileName === unitTable ? ts.createSourceFile(fileName, table(ts.sys.readFile(fileName) ?? ''), languageVersion, true) : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: consoleFiles, options, host, oldProgram });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  return { program, errors };
}

describe('the contract shared by the server and the console', () => {
  it('fails the console’s type-check when a unit status is added to the contract’s table', () => {
    const before = typeCheck((text) => text);
    expect(before.errors).toEqual([]);

    const withStandby = (text: string) => {
      const changed = text
        .replace("  offDuty: 'off_duty',\n} as const;", "  offDuty: 'off_duty',\n  standby: 'standby',\n} as const;")
        .replace('  off_duty: [S.available],\n};', '  off_duty: [S.available],\n  standby: [S.available],\n};');
      expect(changed).not.toBe(text);
      return changed;
    };
    const after = typeCheck(withStandby, before.program);
    expect(after.errors.some((error) => error.includes('web/src/map/symbols.ts') && error.includes('standby'))).toBe(true);
    // The contract itself still compiles: the console is what the change breaks.
    expect(after.errors.filter((error) => error.includes('src/contract/'))).toEqual([]);
  });
});

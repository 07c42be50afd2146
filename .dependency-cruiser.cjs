/** Structure guards: no cycles, and the kernel (core, geo) never reaches into a domain module. */
const domains = 'calls|incidents|eido|units|dispatch|cameras|traffic|eod|identity|documents|reports|sim';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'kernel-independent-of-domains',
      comment: 'core/ and geo/ are the foundation: they never import a domain module, the server or the CLI.',
      severity: 'error',
      from: { path: '^src/(core|geo)/' },
      to: { path: `^src/((${domains})/|server/|cli\\.ts)` },
    },
    {
      name: 'domains-not-server',
      comment: 'Domain modules are composed by the server; they never import it (their tests may run the whole app).',
      severity: 'error',
      from: { path: `^src/(${domains})/`, pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(server/|cli\\.ts)' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'], conditionNames: ['import', 'node', 'default', 'require'], exportsFields: ['exports'] },
  },
};

/**
 * Structure guards: no cycles; the kernel (core, geo) never reaches into a domain module; modules meet through
 * their public entries (index.ts); the simulator is an outside client; identity does not depend on units.
 */
const domains = 'calls|incidents|eido|units|dispatch|cameras|traffic|transit|eod|identity|documents|reports|sim';
/** The domain modules (the simulator is not one: it is a client of the centre). */
const modules = 'calls|incidents|eido|units|stations|dispatch|cameras|traffic|transit|eod|identity|documents|reports';
/** The simulator's files that seed the demo through modules' ports. */
const seeding = 'demo-seed|sim-credentials';
const testFiles = '\\.(test|testing)\\.ts$';
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
      name: 'module-public-entry',
      comment:
        "A module is used through its public entry (index.ts) only: never another module's repository, service or " +
        'schema file directly, type-only imports included. Tests are exempt: they run the whole app and read what it stored.',
      severity: 'error',
      from: { path: `^src/(${modules})/`, pathNot: testFiles },
      to: { path: `^src/(${modules})/`, pathNot: ['^src/$1/', `^src/(${modules})/index\\.ts$`] },
    },
    {
      name: 'seeding-through-public-entries',
      comment: "The simulator's seeding (demo-seed.ts, sim-credentials.ts) may use modules' ports, through their public entries only.",
      severity: 'error',
      from: { path: `^src/sim/(${seeding})\\.ts$` },
      to: { path: `^src/(${modules})/`, pathNot: `^src/(${modules})/index\\.ts$` },
    },
    {
      name: 'no-foreign-repository',
      comment: "Nothing outside a module reads or writes its tables through its repository (the server and the CLI included): they call its ports.",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: testFiles },
      to: { path: `^src/(${modules})/.+\\.repository\\.ts$`, pathNot: '^src/$1/' },
    },
    {
      name: 'sim-is-an-outside-client',
      comment:
        "The simulator's actors reach the centre as outside clients do (HTTP, MQTT): apart from its seeding, no file of src/sim/ " +
        "imports a module's public entry, service, repository, routes, MQTT handlers or module file (pure shapes and specimen data are fine).",
      severity: 'error',
      from: { path: '^src/sim/', pathNot: [`^src/sim/(${seeding})\\.ts$`, testFiles] },
      to: {
        path: [`^src/(${modules})/index\\.ts$`, `^src/(${modules})/.+\\.(service|repository|routes|mqtt|module)\\.ts$`, '^src/units/unit-index\\.ts$'],
      },
    },
    {
      name: 'identity-independent-of-units',
      comment: 'The identity service does not depend on operations: police stations, which both use, are the stations module.',
      severity: 'error',
      from: { path: '^src/identity/' },
      to: { path: '^src/units/' },
    },
    {
      name: 'contract-browser-safe',
      comment:
        'src/contract/ is what the console shares with the server: it imports itself and TypeBox only, nothing of Node, ' +
        'the kernel or a module (the console reads its schemas as types, its tables and rules as code).',
      severity: 'error',
      from: { path: '^src/contract/', pathNot: testFiles },
      to: { pathNot: ['^src/contract/', '(^|/)node_modules/typebox/'] },
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

/** Boundaries you can check (conventions §11): the domain knows no adapter, no database, no chat SDK. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain may import only src/domain, zod and date-holidays: no adapters, no Prisma, no chat SDKs, no node I/O. node:module is no I/O: its createRequire loads date-holidays on first use (cn-statutory-holidays.ts).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/domain/', 'node_modules/(zod|date-holidays)/', '^module$'],
      },
    },
    {
      name: 'application-knows-no-adapter',
      comment: 'Use cases talk to ports; adapters plug in from the composition root.',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { path: ['^src/adapters/', '@prisma', 'better-sqlite3', '@slack/', 'grammy'] },
    },
    {
      name: 'prisma-only-in-repositories',
      comment: 'Repositories are the only code that knows Prisma (conventions §5).',
      severity: 'error',
      from: { pathNot: '^src/adapters/prisma/' },
      to: { path: ['@prisma/', 'node_modules/prisma/', '^src/adapters/prisma/generated/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '^src/adapters/prisma/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

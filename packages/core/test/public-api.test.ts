/**
 * The public API of @logcas/core, as the TypeScript compiler sees src/index.ts: every export with its kind.
 * The snapshot is the API report: adding, removing or changing the kind of an export fails this test until
 * the snapshot is updated in the same change (`npx jest -u test/public-api.test.ts`), a visible decision.
 */
import { join } from 'node:path';
import ts from 'typescript';

const ENTRY = join(__dirname, '../src/index.ts');
const CONTRACT = `${join(__dirname, '../../contract/src')}/`;

function kindOf(declaration: ts.Declaration | undefined): string {
  if (!declaration) return 'unknown';
  if (ts.isFunctionDeclaration(declaration)) return 'function';
  if (ts.isClassDeclaration(declaration)) return 'class';
  if (ts.isInterfaceDeclaration(declaration)) return 'interface';
  if (ts.isTypeAliasDeclaration(declaration)) return 'type';
  if (ts.isVariableDeclaration(declaration)) return 'const';
  return ts.SyntaxKind[declaration.kind];
}

function publicApi(): { own: string[]; contract: number } {
  const program = ts.createProgram([ENTRY], {
    strict: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    paths: { '@logcas/contract': [join(__dirname, '../../contract/src/index.ts')] },
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(ENTRY)!)!;
  const own: string[] = [];
  let contract = 0;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (declaration?.getSourceFile().fileName.startsWith(CONTRACT)) contract += 1;
    else own.push(`${exported.getName()}: ${kindOf(declaration)}`);
  }
  return { own: own.sort(), contract };
}

test('the exports of @logcas/core are the ones decided', () => {
  const api = publicApi();
  // The contract is re-exported whole; its own list is the contract package's.
  expect(api.contract).toBeGreaterThan(50);
  expect(api.own).toMatchSnapshot();
});

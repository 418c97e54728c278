// Makes `import * as vscode from 'vscode'` in src/ load ./vscode.ts. Import this module first.
import Module from 'node:module';
import * as path from 'node:path';

const mockPath = path.join(__dirname, 'vscode.ts');
type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleWithResolve = Module as unknown as { _resolveFilename: Resolve };
const original = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return original.call(this, request === 'vscode' ? mockPath : request, ...rest);
};

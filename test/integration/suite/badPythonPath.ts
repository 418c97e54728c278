// A user error, not a crash: with `searchr2.pythonPath` pointing at nothing, Start Training must
// fail visibly and leave the extension able to run again.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { RunState } from '../../../src/protocol/webviewMessages';
import { activateExtension, setSetting } from './extension';
import type { HostTest } from './harness';

export const badPythonPathTest: HostTest = {
  name: 'Start Training with a missing searchr2.pythonPath starts no trainer and leaves the extension working',
  timeoutMs: 120_000,
  async fn() {
    const api = await activateExtension();
    const previous = vscode.workspace.getConfiguration('searchr2').inspect('pythonPath')?.workspaceValue;
    await setSetting('pythonPath', '/nonexistent/searchr2-test/python');
    const states: RunState[] = [];
    const subscription = api.onDidChangeStatus((status) => states.push(status.state));
    try {
      // The command checks the interpreter before it spawns anything; it may report the error
      // as a message or as a rejection, but it must settle.
      await vscode.commands.executeCommand('searchr2.startTraining').then(undefined, () => undefined);
      assert.equal(api.trainerPid, undefined, 'a trainer pid is set although python does not exist');
      assert.ok(!states.includes('running'), `the run went through 'running': ${states.join(' → ')}`);
      assert.ok(!['starting', 'running'].includes(api.status.state), `state is ${api.status.state}`);
    } finally {
      subscription.dispose();
      await setSetting('pythonPath', previous);
    }
    // Still alive: the API answers and the commands are still registered.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('searchr2.startTraining'), 'searchr2.startTraining is no longer registered');
  },
};

/**
 * The load generator as a child process (see forkLoad in http-load.ts): runs the LoadSpec given as
 * its one argument until told to stop, then sends the report and exits.
 */
import { startLoad, type LoadCommand, type LoadMessage, type LoadSpec } from './http-load.js';

const load = startLoad(JSON.parse(process.argv[2]!) as LoadSpec);
const reply = (m: LoadMessage): void => void process.send!(m);

process.on('message', (command: LoadCommand) => {
  if (command.type === 'add') return load.addPath(command.path);
  void load.stop().then((report) => {
    // Exit once the report is handed to the IPC channel: it can be a few megabytes.
    process.send!({ type: 'report', ...report } satisfies LoadMessage, () => process.exit(0));
  });
});
// The test process is gone (killed, crashed): stop rather than load a server nobody watches.
process.on('disconnect', () => process.exit(1));
reply({ type: 'started' });

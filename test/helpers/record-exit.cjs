// Runs a command in this terminal and writes how it ended ({status, signal}) to a file. tmux 3.3a
// does not always record a dead pane's status, so the e2e tests read this file instead.
const {spawnSync} = require('node:child_process');
const {writeFileSync} = require('node:fs');

const [file, command, ...args] = process.argv.slice(2);
// Handled here (not ignored, which the child would inherit): the child decides what a signal does.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
const result = spawnSync(command, args, {stdio: 'inherit'});
writeFileSync(file, JSON.stringify({status: result.status, signal: result.signal ?? ''}));

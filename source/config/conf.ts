/**
 * conf, without the signal handlers its dependencies install.
 *
 * conf writes the settings file with atomically, and atomically loads when-exit to remove its temp
 * files at exit. when-exit, as soon as it is imported, listens to SIGINT, SIGTERM and a dozen other
 * signals and answers one by running its callbacks and sending the same signal to the process again.
 * flowdeck then heard every Ctrl-C twice whenever a settings file exists (conf loaded): the first
 * stage ("stopping: no new submits…", commands/process-io.ts onInterrupt) and at once the second ("stopping now").
 * The demo and runs with --accounts load no settings, which hid it.
 *
 * None of the three has an option against it: conf imports atomically statically whatever its
 * options (only `process.env.SNAP` makes it write without atomically, and then not atomically),
 * atomically registers with when-exit when it loads, and when-exit exports nothing but `register`
 * (and hooks on import). Dropping conf would mean rewriting its schema validation and its error
 * wording. So its handlers are taken back here, right after conf loads, and flowdeck alone answers
 * signals: its two-stage Ctrl-C, or Node's default before a run has registered one.
 *
 * Nothing is lost by it. conf writes with atomically's writeFileSync: settings writes stay atomic
 * (temp file, fsync, rename), and as a signal's listener never runs in the middle of a synchronous
 * write, when-exit had no temp file to remove on a signal anyway. Its 'exit' hook is kept.
 */

// Evaluated first, so that its snapshot comes before conf's modules (a bare import keeps its place:
// imports are sorted only between such lines). A module graph with no top-level await is evaluated
// in one synchronous run, so what was added between that snapshot and this module's body is conf's.
import './conf-signals.js';
import Conf from 'conf';
import {releaseSignalsTakenSinceLoad} from './conf-signals.js';

releaseSignalsTakenSinceLoad();

export default Conf;

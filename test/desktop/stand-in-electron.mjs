// A stand-in for Electron's executable (the real binary cannot be downloaded
// here): records how it was started — arguments, working directory and the
// environment variables electron-vite sets — as JSON in $STAND_IN_RECORD, then
// exits 0 as an app the user closed would. The tests write an `electron`
// launcher next to it that runs it with Node.
import { writeFileSync } from 'node:fs';

const record = process.env.STAND_IN_RECORD;
if (!record) {
  console.error('stand-in electron: STAND_IN_RECORD is not set');
  process.exit(2);
}
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(ELECTRON|NODE_ENV|VITE)/.test(name)));
writeFileSync(record, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env }, null, 2));

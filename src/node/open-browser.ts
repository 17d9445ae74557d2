// Opens a URL in the person's default browser (the OS's own opener); says so
// instead of failing when there is none (a server, a container).
import { spawn } from 'node:child_process';

export function openInBrowser(url: string, log: (line: string) => void): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => log(`(could not start ${cmd}; open ${url} yourself)`));
    child.unref();
  } catch {
    log(`(could not start ${cmd}; open ${url} yourself)`);
  }
}

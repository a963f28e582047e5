/**
 * Opens a URL in the presenter's browser where one is available: `open` on macOS, `start` on
 * Windows, `xdg-open` on Linux with a display. Elsewhere (SSH, CI, a container) it says so.
 */
import fs from 'node:fs';
import path from 'node:path';

function onPath(command: string, env: Record<string, string | undefined>): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

/** The command that opens URLs here, or why there is none. */
export function browserOpener(env: Record<string, string | undefined> = process.env, platform = process.platform): { command: string; args: string[] } | { unavailable: string } {
  if (env.REOS_BROWSER === 'none') return { unavailable: 'REOS_BROWSER=none' };
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { unavailable: 'no graphical display here (DISPLAY is not set)' };
  if (!onPath('xdg-open', env)) return { unavailable: 'xdg-open is not installed' };
  return { command: 'xdg-open', args: [] };
}

/** Opens `url`; resolves to a line saying what happened. */
export async function openInBrowser(url: string, env: Record<string, string | undefined> = process.env): Promise<string> {
  const opener = browserOpener(env);
  if ('unavailable' in opener) return `No browser can be opened (${opener.unavailable}): open ${url} yourself.`;
  try {
    const { execa } = await import('execa');
    const child = execa(opener.command, [...opener.args, url], { detached: true, stdio: 'ignore', reject: false });
    child.unref();
    return `Opened ${url} in the browser.`;
  } catch (error) {
    return `Could not start ${opener.command} (${(error as Error).message}): open ${url} yourself.`;
  }
}

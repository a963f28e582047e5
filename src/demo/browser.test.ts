/** Which command opens a URL, and the plain notice when none can. */
import { describe, expect, it } from 'vitest';
import { browserOpener, openInBrowser } from './browser.js';

describe('browserOpener', () => {
  it('uses open on macOS and xdg-open on Linux only with a display', () => {
    expect(browserOpener({}, 'darwin')).toEqual({ command: 'open', args: [] });
    expect(browserOpener({ PATH: '' }, 'linux')).toEqual({ unavailable: 'no graphical display here (DISPLAY is not set)' });
    expect(browserOpener({ DISPLAY: ':0', PATH: '/nonexistent' }, 'linux')).toEqual({ unavailable: 'xdg-open is not installed' });
    expect(browserOpener({ REOS_BROWSER: 'none' }, 'darwin')).toEqual({ unavailable: 'REOS_BROWSER=none' });
  });

  it('says so instead of failing when no browser is available', async () => {
    expect(await openInBrowser('http://localhost:8000/docs', { REOS_BROWSER: 'none' })).toBe('No browser can be opened (REOS_BROWSER=none): open http://localhost:8000/docs yourself.');
  });
});

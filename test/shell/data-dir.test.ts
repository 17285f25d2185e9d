// The data folder on each OS, with the platform, environment and home folder injected, so every
// branch is checked whatever OS runs the tests.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../app/register/data-dir.js';

const home = '/home/ana';
const nothing = () => false;

describe('the register data folder', () => {
  it('is BOOKCASE_DATA_DIR on every OS when it is set', () => {
    for (const platform of ['win32', 'darwin', 'linux', 'freebsd'] as const) {
      expect(
        defaultDataDir({ BOOKCASE_DATA_DIR: '/srv/till-2', APPDATA: 'C:\\x' }, platform, { home }),
      ).toBe('/srv/till-2');
    }
  });

  it('on Windows is Bookcase under %APPDATA% (Roaming under the profile when unset)', () => {
    expect(defaultDataDir({ APPDATA: '/profiles/ana/AppData/Roaming' }, 'win32', { home })).toBe(
      join('/profiles/ana/AppData/Roaming', 'Bookcase'),
    );
    expect(defaultDataDir({}, 'win32', { home })).toBe(
      join(home, 'AppData', 'Roaming', 'Bookcase'),
    );
  });

  it('on macOS is ~/Library/Application Support/Bookcase', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/ignored' }, 'darwin', { home })).toBe(
      join(home, 'Library', 'Application Support', 'Bookcase'),
    );
  });

  it('on Linux is $XDG_DATA_HOME/Bookcase, or ~/.local/share/Bookcase', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/ana' }, 'linux', { home, exists: nothing })).toBe(
      join('/data/ana', 'Bookcase'),
    );
    expect(defaultDataDir({}, 'linux', { home, exists: nothing })).toBe(
      join(home, '.local', 'share', 'Bookcase'),
    );
    // An empty variable is unset, as the XDG spec says.
    expect(defaultDataDir({ XDG_DATA_HOME: '' }, 'linux', { home, exists: nothing })).toBe(
      join(home, '.local', 'share', 'Bookcase'),
    );
  });

  it('on Linux keeps a ledger an earlier version left under ~/.config, unless the new folder exists', () => {
    const earlierLedger = join(home, '.config', 'Bookcase', 'ledger.db');
    expect(defaultDataDir({}, 'linux', { home, exists: (path) => path === earlierLedger })).toBe(
      join(home, '.config', 'Bookcase'),
    );
    const newFolder = join(home, '.local', 'share', 'Bookcase');
    expect(
      defaultDataDir({}, 'linux', {
        home,
        exists: (path) => path === earlierLedger || path === newFolder,
      }),
    ).toBe(newFolder);
  });
});

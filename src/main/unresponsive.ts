// What a desktop user expects from a window that stopped answering: its title
// says so at once, and after a few seconds a native dialog offers to wait or
// to reload it. The dialog closes by itself when the window answers again.
// (The game runs in its own process, so this is the UI itself hanging: a
// Pixi frame that never ends, a browser bug, a page starved of memory.)
import { dialog, type BrowserWindow } from 'electron';

/** Appended to the title of a window that stopped answering. */
export const NOT_RESPONDING = ' (not responding)';
/** How long a window has been unresponsive before the dialog asks (Electron's own hang detection comes first). */
export const ASK_AFTER_MS = 3_000;
/** After "Wait", how long before asking again if it still has not answered. */
export const ASK_AGAIN_AFTER_MS = 15_000;

export const WAIT = 0;
export const RELOAD = 1;

/**
 * Watches `win` for Electron's `unresponsive`/`responsive` events. `reload`
 * replaces the page's renderer process (Reload in the dialog).
 */
export function watchResponsiveness(win: BrowserWindow, reload: () => void): void {
  let unresponsive = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asking: AbortController | undefined;

  const ask = (): void => {
    timer = undefined;
    if (!unresponsive || asking || win.isDestroyed()) return;
    const controller = new AbortController();
    asking = controller;
    void dialog
      .showMessageBox(win, {
        type: 'warning',
        title: 'Wasm Arcade is not responding',
        message: 'The Wasm Arcade window is not responding.',
        detail: 'You can wait for it to answer, or reload it (a running game is ended; a recording in progress is kept and offered back after the reload).',
        buttons: ['Wait', 'Reload'],
        defaultId: WAIT,
        cancelId: WAIT,
        noLink: true,
        signal: controller.signal,
      })
      .then(({ response }) => {
        if (asking === controller) asking = undefined;
        // Closed because the window answered (the signal), or the window is gone: nothing to do.
        if (controller.signal.aborted || !unresponsive || win.isDestroyed()) return;
        if (response === RELOAD) {
          console.error('Wasm Arcade: reloading the window that stopped responding, as asked');
          reload();
          // A new renderer process: a later hang is a new one (Electron need not say 'responsive' first).
          clearMark();
        } else timer = setTimeout(ask, ASK_AGAIN_AFTER_MS);
      });
  };

  win.on('unresponsive', () => {
    console.error('Wasm Arcade: the window is not responding');
    if (!win.getTitle().endsWith(NOT_RESPONDING)) win.setTitle(`${win.getTitle()}${NOT_RESPONDING}`);
    if (unresponsive) return;
    unresponsive = true;
    timer = setTimeout(ask, ASK_AFTER_MS);
  });
  const answered = (): void => {
    unresponsive = false;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    asking?.abort();
    asking = undefined;
  };
  const clearMark = (): void => {
    answered();
    if (win.getTitle().endsWith(NOT_RESPONDING)) win.setTitle(win.getTitle().slice(0, -NOT_RESPONDING.length));
  };
  win.on('responsive', clearMark);
  win.on('closed', answered);
}

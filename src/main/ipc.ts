// IPC channel names shared by the main process and the preload script.
export const IPC = {
  /** renderer → main: start (or restart) the game's process and send a port to it. */
  connectGame: 'arcade:connect-game',
  /** main → renderer and game host: the MessagePort connected to the other side. */
  gamePort: 'arcade:game-port',
  /** main → renderer: the game's process exited without being asked to ({ code }). */
  gameExited: 'arcade:game-exited',
  /** renderer → main (invoke): a game's save data by save key → { data?, problem? }. */
  saveRead: 'arcade:save-read',
  /** renderer → main (invoke): replace a game's save data (written atomically). */
  saveWrite: 'arcade:save-write',
} as const;

/** Command-line switch main gives the hidden game host window (webPreferences.additionalArguments). */
export const GAME_HOST_ARG = '--arcade-game-host';

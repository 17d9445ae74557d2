// IPC channel names shared by the main process and the preload script.
export const IPC = {
  /** renderer → main: start (or restart) the game's utility process and send a port to it. */
  connectGame: 'arcade:connect-game',
  /** main → renderer: the MessagePort connected to the game's utility process. */
  gamePort: 'arcade:game-port',
  /** main → renderer: the utility process exited without being asked to ({ code }). */
  gameExited: 'arcade:game-exited',
  /** renderer → main (invoke): a game's save data by save key → { data?, problem? }. */
  saveRead: 'arcade:save-read',
  /** renderer → main (invoke): replace a game's save data (written atomically). */
  saveWrite: 'arcade:save-write',
} as const;

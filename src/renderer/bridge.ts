// The small API the Electron preload exposes as `window.arcade`. The renderer
// only uses it when present; in the web build it is absent. Type-only apart
// from one constant, so the preload bundle can import it too.

/** window.postMessage type the preload uses to hand over the game's MessagePort. */
export const GAME_PORT_MESSAGE = 'arcade:game-port';

export interface ArcadeBridge {
  /** process.platform of the Electron app. */
  readonly platform: string;
  /** Starts a fresh game process (the hidden, sandboxed game host; ending the previous one); its port arrives as a GAME_PORT_MESSAGE. */
  connectGame(): void;
  /** Called when the game's process exits without being asked to (crash, OOM, killed). */
  onGameExited(listener: (code: number) => void): void;
  /** ABI v2 save data, kept by the main process (write-new-then-rename). */
  saveRead?(key: string): Promise<{ data?: Uint8Array; problem?: string }>;
  saveWrite?(key: string, data: Uint8Array): Promise<void>;
}

/** The preload's bridge, or undefined outside Electron. */
export function electronBridge(): ArcadeBridge | undefined {
  return (window as unknown as { arcade?: ArcadeBridge }).arcade;
}

// The host profiles and how a module's profile is chosen (docs/profiles.md).

import { ContractError, type GameContract, type ModuleInfo } from '../game';
import { nativeProfile } from './native';
import { demo2018Profile } from './demo2018';
import type { HostProfile, ProfileName } from './profile';

export type { HostContext, HostProfile, KeyEvent, ProfileBinding, ProfileName } from './profile';

/** Every profile, in the order detectProfile() asks them. The first one is the default. */
export const PROFILES: readonly HostProfile[] = [nativeProfile, demo2018Profile];

export const PROFILE_NAMES: readonly ProfileName[] = PROFILES.map((p) => p.name);

/** The profile called `name`; throws a RangeError listing the known ones. */
export function profileByName(name: string): HostProfile {
  const profile = PROFILES.find((p) => p.name === name);
  if (!profile) throw new RangeError(`unknown profile '${name}' (known: ${PROFILE_NAMES.join(', ')})`);
  return profile;
}

/**
 * Chooses the profile for a module and checks the module against it: the
 * `forced` profile if given, else the first profile that claims the module
 * (its imports, exports and sections look written for that host), else the
 * native one. Throws ContractError with that profile's reason when the
 * module breaks its contract.
 */
export function detectProfile(info: ModuleInfo, forced?: ProfileName): { profile: HostProfile; contract: GameContract } {
  const profile = forced !== undefined ? profileByName(forced) : (PROFILES.find((p) => p.claims(info)) ?? PROFILES[0]);
  return { profile, contract: profile.check(info) };
}

/** For `arcade check`: every profile's verdict on a module (its contract, or why it does not match). */
export function matchProfiles(info: ModuleInfo): { profile: HostProfile; claims: boolean; contract?: GameContract; reason?: string }[] {
  return PROFILES.map((profile) => {
    const claims = profile.claims(info);
    try {
      return { profile, claims, contract: profile.check(info) };
    } catch (error) {
      if (!(error instanceof ContractError)) throw error;
      return { profile, claims, reason: error.message };
    }
  });
}

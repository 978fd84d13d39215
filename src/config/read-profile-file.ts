import type { PolicyProfile } from '../domain/policy/policy-profile.ts';
import { applyOverrides, parseProfileFile } from '../domain/policy/profile-overrides.ts';
import { DEFAULT_PROFILE_ID, getProfile } from '../domain/policy/profiles.ts';
import type { WorkflowRegistry } from '../domain/workflows/registry.ts';
import { configLineError, readConfigFile } from './read-config-file.ts';

const VARIABLE = 'KAIFANG_PROFILE_FILE';

/** The city's profile with the operator's file (KAIFANG_PROFILE_FILE) applied; a bad line stops the start naming the file and line. */
export function profileWithFile(profile: PolicyProfile, path: string | null, workflows: WorkflowRegistry): PolicyProfile {
  if (path === null) return profile;
  const overrides = readConfigFile(VARIABLE, path, (text) => {
    const parsed = parseProfileFile(text);
    return parsed.ok ? { ok: true, value: parsed.overrides } : parsed;
  });
  const applied = applyOverrides(profile, overrides, workflows, getProfile(DEFAULT_PROFILE_ID)!);
  if (!applied.ok) throw configLineError(VARIABLE, path, applied);
  return applied.profile;
}
